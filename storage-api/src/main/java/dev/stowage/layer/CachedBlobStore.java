package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.Keys;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.LongAdder;
import java.util.stream.Stream;

/**
 * A bounded cache in front of an origin store that is itself a {@link BlobStore}. Reads are answered from a cache
 * store (a local folder, or any store) and fall back to the origin; writes go to the origin and drop the cached copy.
 *
 * <ul>
 *   <li>Each cache entry records the origin's ETag in its metadata. A cached original is trusted for
 *       {@link CachePolicy#revalidateAfter()}, then checked with one {@code stat} of the origin: a changed ETag drops
 *       the entry. While the origin is unavailable, a cached copy is served rather than failing.</li>
 *   <li>The cache holds at most {@link CachePolicy#maxBytes()}, evicting the least recently read entries, and drops
 *       entries older than {@link CachePolicy#maxAge()}.</li>
 *   <li>Concurrent reads of the same missing entry fetch it once: one caller fills the entry, the others wait for
 *       it and then read the cached copy.</li>
 * </ul>
 *
 * <p>Thread-safe. The index lives in memory and is rebuilt from the cache store when it is opened, so a cache
 * folder survives restarts. Closing this store closes both the origin and the cache store.
 */
public final class CachedBlobStore extends ForwardingBlobStore {
    /** Evict to this share of maxBytes so that eviction runs once per batch of fills, not after every fill. */
    private static final double LOW_WATER = 0.9;
    private static final int MAX_ATTEMPTS = 4;
    private final BlobStore cache;
    private final CachePolicy policy;
    private final Clock clock;
    private final CacheIndex index = new CacheIndex();
    private final SingleFlight<Fill> flights = new SingleFlight<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();
    private final LongAdder fills = new LongAdder();
    private final LongAdder evictions = new LongAdder();
    private final LongAdder invalidations = new LongAdder();
    private volatile long lastSweepMillis;

    CachedBlobStore(BlobStore origin, BlobStore cache, CachePolicy policy, Clock clock) {
        super(origin);
        this.cache = Objects.requireNonNull(cache, "cache");
        if (!cache.capabilities().userMetadata() || cache.capabilities().readOnly()) {
            // Each entry records the origin version it was made from in its metadata; without it a restart would
            // serve entries it cannot tell are current.
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "a cache store must be writable and keep user "
                    + "metadata; " + cache.name() + " does not").operation(Operation.PUT)
                    .hint("use a local folder or an object store (S3, GCS, Azure) as the cache").build();
        }
        this.policy = Objects.requireNonNull(policy, "policy");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.lastSweepMillis = clock.millis();
        restoreIndex();
    }

    /** The counters of this cache. */
    public CacheStats stats() {
        return new CacheStats(hits.sum(), misses.sum(), fills.sum(), evictions.sum(), invalidations.sum(),
                index.size(), index.bytes(), index.memoryBytes());
    }

    /** The bounds this cache was opened with. */
    public CachePolicy policy() {
        return policy;
    }

    // ---- reads of originals ----

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        Keys.validate(key);
        String ck = CacheLayout.originalKey(key);
        boolean filled = false;
        for (int attempt = 0; attempt < MAX_ATTEMPTS; attempt++) {
            CacheEntry entry = freshOriginal(ck, key);
            if (entry != null) {
                BlobInputStream in = openCached(entry, key, range);
                if (in != null) {
                    (filled ? misses : hits).increment();
                    return in;
                }
                continue;
            }
            filled = true;
            Fill fill = flight(ck, () -> fillOriginal(ck, key));
            if (fill instanceof Fill.Direct direct) {
                // This caller was the one that fetched an object too large to cache: hand over the origin stream.
                misses.increment();
                return range == null ? direct.stream() : reopen(direct.stream(), key, range);
            }
            if (fill instanceof Fill.Uncached) {
                misses.increment();
                return delegate.get(key, range);
            }
        }
        misses.increment();
        return delegate.get(key, range);
    }

    /**
     * The origin's metadata, answered from the cache while the entry is trusted (see
     * {@link CachePolicy#revalidateAfter()}), otherwise from the origin. Does not fill the cache.
     */
    @Override
    public BlobInfo stat(String key) {
        Keys.validate(key);
        CacheEntry entry = freshOriginal(CacheLayout.originalKey(key), key);
        return entry != null ? entry.info : delegate.stat(key);
    }

    @Override
    public boolean exists(String key) {
        Keys.validate(key);
        return freshOriginal(CacheLayout.originalKey(key), key) != null || delegate.exists(key);
    }

    // ---- writes go to the origin and drop the cached copy ----

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        try {
            return delegate.put(key, content, options);
        } finally {
            invalidate(key);
        }
    }

    @Override
    public void delete(String key) {
        try {
            delegate.delete(key);
        } finally {
            invalidate(key);
        }
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        try {
            return delegate.copy(sourceKey, targetKey);
        } finally {
            invalidate(targetKey);
        }
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return delegate.list(options);
    }

    /** Drops the cached copy of an original, if any. */
    public void invalidate(String key) {
        CacheEntry entry = index.get(CacheLayout.originalKey(Keys.validate(key)));
        if (entry != null) {
            drop(entry);
            invalidations.increment();
        }
    }

    // ---- internals ----

    /** The entry if present, young enough and (after a stat when due) still matching the origin; else null. */
    private CacheEntry freshOriginal(String ck, String key) {
        CacheEntry entry = loaded(ck, key);
        if (entry == null) {
            return null;
        }
        long now = clock.millis();
        if (expired(entry, now)) {
            drop(entry);
            evictions.increment();
            return null;
        }
        if (now - entry.lastValidatedMillis >= policy.revalidateAfter().toMillis()) {
            BlobInfo current;
            try {
                current = delegate.stat(key);
            } catch (StorageException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    drop(entry);
                    invalidations.increment();
                    throw e;
                }
                if (e.retryable()) {
                    return entry; // the origin is down or slow: a copy known to be recent beats an error
                }
                throw e;
            }
            if (!CacheLayout.version(current).equals(entry.originVersion)) {
                drop(entry);
                invalidations.increment();
                return null;
            }
            entry.lastValidatedMillis = now;
        }
        return entry;
    }

    private boolean expired(CacheEntry entry, long now) {
        return now - entry.storedAtMillis >= policy.maxAge().toMillis();
    }

    /** The index entry, reading its metadata from the cache store first if it was found there at start-up. */
    private CacheEntry loaded(String ck, String key) {
        CacheEntry entry = index.get(ck);
        if (entry == null || entry.isLoaded()) {
            return entry;
        }
        try {
            CacheEntry fresh = CacheLayout.readBack(key, entry, cache.stat(ck));
            if (fresh == null) {
                drop(entry);
                return null;
            }
            fresh.lastAccessMillis = clock.millis();
            return index.replace(entry, fresh) ? fresh : index.get(ck);
        } catch (StorageException | IllegalArgumentException e) {
            drop(entry);
            return null;
        }
    }

    /** Opens a cached entry; null when the cached copy vanished (evicted meanwhile), so the caller tries again. */
    private BlobInputStream openCached(CacheEntry entry, String key, ByteRange range) {
        byte[] held = entry.memory;
        if (held == null && range == null && entry.size <= policy.memoryEntryBytes()
                && index.memoryBytes() + entry.size <= policy.memoryBytes()) {
            held = promote(entry);
        }
        if (held != null) {
            entry.lastAccessMillis = clock.millis();
            return CacheLayout.fromMemory(held, entry.info, name(), key, range);
        }
        BlobInputStream in;
        try {
            in = cache.get(entry.cacheKey, range);
        } catch (StorageException e) {
            if (e.code() == ErrorCode.INVALID_ARGUMENT) {
                throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, e.detail()).store(name())
                        .operation(Operation.GET).key(key).build();
            }
            index.remove(entry);
            return null;
        }
        entry.lastAccessMillis = clock.millis();
        return new BlobInputStream(in, entry.info, range);
    }

    /** Reads a small entry from the cache store into memory so that its next reads need no I/O. */
    private byte[] promote(CacheEntry entry) {
        try (BlobInputStream in = cache.get(entry.cacheKey)) {
            byte[] bytes = in.readAllBytes();
            if (bytes.length != entry.size) {
                return null;
            }
            index.keepInMemory(entry, bytes, policy.memoryBytes());
            return bytes;
        } catch (IOException | StorageException e) {
            return null; // read it the ordinary way, which handles a vanished copy
        }
    }

    private Fill fillOriginal(String ck, String key) {
        CacheEntry present = index.get(ck);
        if (present != null && present.isLoaded()) {
            return new Fill.Cached(present); // filled by a flight that ended just before this one began
        }
        BlobInputStream in = delegate.get(key);
        BlobInfo info = in.info();
        if (info.size() > policy.maxEntryBytes()) {
            return new Fill.Direct(in);
        }
        String version = CacheLayout.version(info);
        byte[] small = null;
        try (InputStream body = in) {
            if (info.size() <= policy.memoryEntryBytes()) {
                small = body.readAllBytes();
                store(ck, ContentSource.ofBytes(small), info, version);
            } else {
                store(ck, ContentSource.ofStream(body, info.size()), info, version);
            }
        } catch (IOException | RuntimeException e) {
            // The cache store failed: serve from the origin this time rather than failing the read.
            return new Fill.Uncached();
        }
        return new Fill.Cached(index(ck, info, version, small));
    }

    private void store(String ck, ContentSource content, BlobInfo info, String version) {
        cache.put(ck, content, PutOptions.builder().contentType(info.contentType()).cacheControl(info.cacheControl())
                .metadata(CacheLayout.metadata(info, version, clock.millis())).build());
    }

    private CacheEntry index(String ck, BlobInfo info, String version, byte[] small) {
        long now = clock.millis();
        CacheEntry entry = new CacheEntry(ck, info.size(), info, version, now, now);
        index.put(entry);
        if (small != null && small.length == info.size()) {
            index.keepInMemory(entry, small, policy.memoryBytes());
        }
        fills.increment();
        evictIfNeeded(now);
        return entry;
    }

    private void evictIfNeeded(long now) {
        boolean sweep = now - lastSweepMillis >= Math.min(policy.maxAge().toMillis(), 60_000);
        if (sweep) {
            lastSweepMillis = now;
        }
        List<CacheEntry> victims = index.evict(policy.maxBytes(), (long) (policy.maxBytes() * LOW_WATER),
                now - policy.maxAge().toMillis(), sweep);
        for (CacheEntry victim : victims) {
            deleteQuietly(victim.cacheKey);
            evictions.increment();
        }
        if (sweep && index.memoryBytes() > policy.memoryBytes() * LOW_WATER) {
            // Entries are admitted to memory while there is room; make room for newer hot entries now and then.
            index.shedMemory(policy.memoryBytes() / 2);
        }
    }

    private void drop(CacheEntry entry) {
        if (index.remove(entry)) {
            deleteQuietly(entry.cacheKey);
        }
    }

    private void deleteQuietly(String ck) {
        try {
            cache.delete(ck);
        } catch (StorageException e) {
            // An undeletable copy is harmless: the index no longer points at it, and the next fill overwrites it.
        }
    }

    private Fill flight(String ck, java.util.function.Supplier<Fill> work) {
        // Only the leader may use an origin stream; waiters fetch their own.
        return flights.run(ck, work, shared -> shared instanceof Fill.Direct ? new Fill.Uncached() : shared);
    }

    private BlobInputStream reopen(BlobInputStream whole, String key, ByteRange range) {
        try {
            whole.close();
        } catch (IOException e) {
            // Nothing was read from it; closing is only to free the connection.
        }
        return delegate.get(key, range);
    }

    private void restoreIndex() {
        CacheLayout.restore(cache, clock.millis(), index::put);
        evictIfNeeded(clock.millis());
    }

    @Override
    public void close() {
        try {
            delegate.close();
        } finally {
            cache.close();
        }
    }

    @Override
    public String toString() {
        return "CachedBlobStore[" + delegate + " via " + cache + "]";
    }

    /** The outcome of one fill: a cached entry, the origin stream of an object too large to cache, or neither. */
    private sealed interface Fill {
        /** The object is in the cache now. */
        record Cached(CacheEntry entry) implements Fill {
        }

        /** The object is too large to cache: this open origin stream is for the caller that fetched it only. */
        record Direct(BlobInputStream stream) implements Fill {
        }

        /** The cache store failed or the stream belonged to another caller: read from the origin. */
        record Uncached() implements Fill {
        }
    }
}
