package dev.stowage.layer;

/**
 * Counters of a {@link CachedBlobStore} since it was opened.
 *
 * @param hits          reads answered from the cache
 * @param misses        reads that had to go to the origin or compute a variant
 * @param fills         entries written to the cache (one per miss that was worth caching)
 * @param evictions     entries dropped to stay within the size bound or because they were too old
 * @param invalidations entries dropped because the origin's ETag changed or the object was written through the cache
 * @param entries       entries held now
 * @param bytes         bytes held now
 * @param memoryBytes   bytes of entries also held in memory now
 */
public record CacheStats(long hits, long misses, long fills, long evictions, long invalidations, long entries,
                         long bytes, long memoryBytes) {
}
