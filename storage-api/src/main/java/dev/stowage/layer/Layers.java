package dev.stowage.layer;

import dev.stowage.BlobStore;
import dev.stowage.internal.PortableBlobStore;
import dev.stowage.spi.BlobStoreDriver;
import java.util.function.UnaryOperator;
import java.time.Duration;

/**
 * Decorators that wrap any {@link BlobStore}, composed in one line:
 * {@code Layers.retry(Layers.timeout(store, Duration.ofSeconds(30)), RetryPolicy.defaults())}.
 * Cross-cutting behaviour lives here once instead of in each driver.
 */
public final class Layers {
    private Layers() {
    }

    /**
     * {@code store} with {@code layer} wrapped around its driver, below the portable layer, so the layer sees the
     * driver SPI (one page of a listing at a time, raw streams, backend keys) while key checks, paging and integrity
     * checks still apply once, on top. {@code store} must come from {@link dev.stowage.BlobStores#open}; layers
     * applied above its portable layer (such as {@link #readOnly}) are not carried over. The result shares the
     * driver: close {@code store} to close it.
     *
     * @throws IllegalArgumentException when {@code store} has no portable layer to rebuild
     */
    public static BlobStore driver(BlobStore store, UnaryOperator<BlobStoreDriver> layer) {
        PortableBlobStore portable = store.unwrap(PortableBlobStore.class).orElseThrow(() ->
                new IllegalArgumentException("a driver layer needs a store opened by BlobStores.open, not " + store));
        return portable.withDriverLayer(layer);
    }

    /** Retries calls failing with a retryable code (RATE_LIMITED, UNAVAILABLE, ...) with backoff and jitter. */
    public static BlobStore retry(BlobStore store, RetryPolicy policy) {
        return new RetryingBlobStore(store, policy, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    /** Fails any call that blocks longer than {@code timeout} with UNAVAILABLE. */
    public static BlobStore timeout(BlobStore store, Duration timeout) {
        return new TimeoutBlobStore(store, timeout);
    }

    /** Refuses every write with PERMISSION_DENIED before any I/O. */
    public static BlobStore readOnly(BlobStore store) {
        return new ReadOnlyBlobStore(store);
    }

    /** Uses a folder of {@code store} as the root: keys are relative to {@code folder}. */
    public static BlobStore prefixed(BlobStore store, String folder) {
        return new PrefixedBlobStore(store, folder);
    }

    /** Reports every call to {@code listener} (metrics, logging). */
    public static BlobStore observed(BlobStore store, StoreListener listener) {
        return new ObservedBlobStore(store, listener);
    }

    /**
     * Reads from {@code primary}, and from each of {@code fallbacks} in turn while the object is missing there; writes,
     * deletes and listings are the primary's. Only {@code NOT_FOUND} falls through: an origin that is down is an
     * error (see {@link #fallback(java.util.List, FallbackPolicy)} to skip it instead). The returned store owns every
     * origin and closes them.
     */
    public static FallbackBlobStore fallback(BlobStore primary, BlobStore... fallbacks) {
        java.util.List<BlobStore> all = new java.util.ArrayList<>();
        all.add(primary);
        all.addAll(java.util.Arrays.asList(fallbacks));
        return fallback(all, FallbackPolicy.defaults());
    }

    /**
     * Reads from the first of {@code origins} (primary first) that has the object, under {@code policy}.
     *
     * @throws IllegalArgumentException when {@code origins} is empty, holds {@code null} or one store twice
     */
    public static FallbackBlobStore fallback(java.util.List<BlobStore> origins, FallbackPolicy policy) {
        if (origins == null || origins.isEmpty()) {
            throw new IllegalArgumentException("a fallback store needs at least one origin");
        }
        java.util.Set<BlobStore> seen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (BlobStore origin : origins) {
            if (origin == null) {
                throw new IllegalArgumentException("a fallback origin must not be null");
            }
            if (!seen.add(origin)) {
                throw new IllegalArgumentException("store " + origin.name() + " is given twice as a fallback origin");
            }
        }
        return new FallbackBlobStore(origins, policy);
    }

    /**
     * A size- and age-bounded cache of {@code origin} held in {@code cache} (any store), invalidated by ETag.
     * The returned store owns both stores and closes them.
     */
    public static CachedBlobStore cached(BlobStore origin, BlobStore cache, CachePolicy policy) {
        return new CachedBlobStore(origin, cache, policy, java.time.Clock.systemUTC());
    }

    /**
     * A size- and age-bounded cache of {@code origin} in a local folder (opened as a {@code file:} store, so the
     * local driver must be installed), invalidated by ETag.
     */
    public static CachedBlobStore cached(BlobStore origin, java.nio.file.Path folder, CachePolicy policy) {
        try {
            java.nio.file.Files.createDirectories(folder);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("cannot create the cache folder " + folder, e);
        }
        return cached(origin, dev.stowage.BlobStores.open(folder.toAbsolutePath().toUri().toString()), policy);
    }
}
