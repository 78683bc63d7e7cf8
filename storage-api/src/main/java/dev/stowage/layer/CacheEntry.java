package dev.stowage.layer;

import dev.stowage.BlobInfo;

/**
 * One entry of a {@link CachedBlobStore}'s index. Immutable except for the access and validation times, which
 * readers update without locking: a lost update only makes eviction or revalidation slightly less precise.
 */
final class CacheEntry {
    final String cacheKey;
    final long size;
    /** What readers are told about the object; {@code null} for an entry found on disk and not read yet. */
    final BlobInfo info;
    /** The origin version the content was made from: its ETag, or size and date when it has none. */
    final String originVersion;
    final long storedAtMillis;
    volatile long lastAccessMillis;
    volatile long lastValidatedMillis;
    /** The content held in memory too, or {@code null}; set and cleared under this entry's lock by the index. */
    volatile byte[] memory;

    CacheEntry(String cacheKey, long size, BlobInfo info, String originVersion, long storedAtMillis,
               long lastValidatedMillis) {
        this.cacheKey = cacheKey;
        this.size = size;
        this.info = info;
        this.originVersion = originVersion;
        this.storedAtMillis = storedAtMillis;
        this.lastAccessMillis = storedAtMillis;
        this.lastValidatedMillis = lastValidatedMillis;
    }

    boolean isLoaded() {
        return info != null;
    }
}
