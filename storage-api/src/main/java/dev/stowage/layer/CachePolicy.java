package dev.stowage.layer;

import java.time.Duration;

/**
 * Bounds of a {@link CachedBlobStore}: how many bytes it may hold, how old an entry may get, how often a cached
 * original is checked against its origin, and the largest object worth caching.
 *
 * @param maxBytes        the most bytes the cache holds; least recently used entries are evicted beyond it
 * @param maxAge          an entry older than this is dropped and fetched again
 * @param revalidateAfter how long a cached original is trusted before its origin ETag is checked again with a stat
 * @param maxEntryBytes   objects larger than this are streamed from the origin and never cached
 * @param memoryBytes     how many bytes of small entries are also kept in memory, so hot entries are served without
 *                        reading the cache store; 0 keeps none
 * @param memoryEntryBytes the largest entry kept in memory
 */
public record CachePolicy(long maxBytes, Duration maxAge, Duration revalidateAfter, long maxEntryBytes,
                          long memoryBytes, long memoryEntryBytes) {
    private static final CachePolicy DEFAULTS = builder().build();

    public CachePolicy {
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("maxBytes must be > 0, was " + maxBytes);
        }
        if (maxAge == null || maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("maxAge must be positive, was " + maxAge);
        }
        if (revalidateAfter == null || revalidateAfter.isNegative()) {
            throw new IllegalArgumentException("revalidateAfter must be >= 0, was " + revalidateAfter);
        }
        if (maxEntryBytes <= 0) {
            throw new IllegalArgumentException("maxEntryBytes must be > 0, was " + maxEntryBytes);
        }
        if (memoryBytes < 0 || memoryEntryBytes < 0) {
            throw new IllegalArgumentException("memoryBytes and memoryEntryBytes must be >= 0");
        }
        maxEntryBytes = Math.min(maxEntryBytes, maxBytes);
        memoryEntryBytes = Math.min(Math.min(memoryEntryBytes, memoryBytes), maxEntryBytes);
    }

    /**
     * 1 GiB, entries kept up to 7 days, originals revalidated every 10 seconds, entries up to 64 MiB, and up to
     * 64 MiB of entries of at most 512 KiB also held in memory.
     */
    public static CachePolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().maxBytes(maxBytes).maxAge(maxAge).revalidateAfter(revalidateAfter)
                .maxEntryBytes(maxEntryBytes).memoryBytes(memoryBytes).memoryEntryBytes(memoryEntryBytes);
    }

    /** Builds a {@link CachePolicy}. */
    public static final class Builder {
        private long maxBytes = 1L << 30;
        private Duration maxAge = Duration.ofDays(7);
        private Duration revalidateAfter = Duration.ofSeconds(10);
        private long maxEntryBytes = 64L << 20;
        private long memoryBytes = 64L << 20;
        private long memoryEntryBytes = 512L << 10;

        private Builder() {
        }

        public Builder maxBytes(long maxBytes) {
            this.maxBytes = maxBytes;
            return this;
        }

        public Builder maxAge(Duration maxAge) {
            this.maxAge = maxAge;
            return this;
        }

        public Builder revalidateAfter(Duration revalidateAfter) {
            this.revalidateAfter = revalidateAfter;
            return this;
        }

        public Builder maxEntryBytes(long maxEntryBytes) {
            this.maxEntryBytes = maxEntryBytes;
            return this;
        }

        /** Bytes of small entries also held in memory; 0 serves every hit from the cache store. */
        public Builder memoryBytes(long memoryBytes) {
            this.memoryBytes = memoryBytes;
            return this;
        }

        /** The largest entry held in memory. */
        public Builder memoryEntryBytes(long memoryEntryBytes) {
            this.memoryEntryBytes = memoryEntryBytes;
            return this;
        }

        public CachePolicy build() {
            return new CachePolicy(maxBytes, maxAge, revalidateAfter, maxEntryBytes, memoryBytes, memoryEntryBytes);
        }
    }
}
