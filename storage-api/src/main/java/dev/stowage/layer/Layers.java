package dev.stowage.layer;

import dev.stowage.BlobStore;
import dev.stowage.internal.PortableBlobStore;
import dev.stowage.spi.BlobStoreDriver;
import java.util.function.UnaryOperator;
import java.time.Duration;

/**
 * Decorators that wrap any {@link BlobStore}, composed in one line:
 * {@code Layers.retry(Layers.timeout(store, Duration.ofSeconds(30)), RetryPolicy.defaults())} (over a store whose
 * SDK makes one attempt per request: see {@link #retry}).
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

    /**
     * Retries calls failing with a retryable code (RATE_LIMITED, UNAVAILABLE, DEADLINE_EXCEEDED, ...) with backoff
     * and jitter. Retries happen at one level: a store whose driver's SDK already retries each request
     * ({@link dev.stowage.Capabilities#requestAttempts()} above 1, set by its {@code maxAttempts} option) is refused,
     * since the two would multiply (3 SDK attempts under 4 call attempts send 12 requests). Open such a store with
     * {@code maxAttempts=1} to retry whole calls here, or leave the retrying to its SDK.
     *
     * @throws IllegalArgumentException when {@code store}'s SDK retries requests itself and {@code policy} retries
     */
    public static BlobStore retry(BlobStore store, RetryPolicy policy) {
        int sdkAttempts = store.capabilities().requestAttempts();
        if (sdkAttempts > 1 && policy.maxAttempts() > 1) {
            throw new IllegalArgumentException("store '" + store.name() + "' already sends each failing request "
                    + sdkAttempts + " times (its maxAttempts option); retrying its calls as well would multiply the "
                    + "attempts. Open it with maxAttempts=1 to retry whole calls with Layers.retry, or drop "
                    + "Layers.retry and set maxAttempts on the store");
        }
        return new RetryingBlobStore(store, policy, d -> Thread.sleep(d.toMillis(), d.toNanosPart() % 1_000_000));
    }

    /**
     * {@code store} with a deadline on each call: a call still running {@code timeout} after it began fails with
     * {@link dev.stowage.ErrorCode#DEADLINE_EXCEEDED}, and the bound covers the whole call: every page of a listing and
     * every read of a returned stream (a copy made by reading and writing is held to its read's deadline). The same as
     * the {@code deadline} store option. Under {@link #retry} each attempt has its own deadline.
     *
     * <p>No thread per call: the driver runs on the caller's thread and one shared timer interrupts a call or closes
     * a stream still going at its deadline; drivers whose SDK takes a per-request timeout are given what is left.
     * The result takes {@code store} over: close the result, not both. Over a store with layers above its portable
     * layer the deadline is held the same way around each call of that store.
     */
    public static BlobStore timeout(BlobStore store, Duration timeout) {
        if (store instanceof PortableBlobStore portable) {
            return portable.withDeadline(timeout);
        }
        return new DeadlineBlobStore(store, timeout, true);
    }

    /**
     * {@code store} with each request to its backend bounded by {@code timeout}: the call that opens a body, each page
     * of a listing on its own, a write as a whole; past it the request fails with
     * {@link dev.stowage.ErrorCode#DEADLINE_EXCEEDED}. Unlike {@link #timeout}, reading a returned body is not bounded,
     * so a large body may be read as slowly as its reader reads it (the driver's own read timeout still ends a
     * backend that stops sending). What a gateway wants: its origins must answer in time, its clients may be slow.
     * Held the same way as {@link #timeout}, without a thread per call; the result takes {@code store} over.
     */
    public static BlobStore answerTimeout(BlobStore store, Duration timeout) {
        if (store instanceof PortableBlobStore portable) {
            return portable.withRequestDeadline(timeout);
        }
        return new DeadlineBlobStore(store, timeout, false);
    }

    /**
     * Refuses every write with PERMISSION_DENIED before any I/O. On a store {@link dev.stowage.BlobStores#open}
     * returned this is a driver layer (so later driver layers and {@link #timeout} keep it) and the result takes the
     * store over.
     */
    public static BlobStore readOnly(BlobStore store) {
        if (store instanceof PortableBlobStore portable) {
            return portable.replacingDriver(Layers::readOnly);
        }
        return new ReadOnlyBlobStore(store);
    }

    /** {@code driver}, read-only: it says so in its capabilities and refuses writes that reach it. */
    public static BlobStoreDriver readOnly(BlobStoreDriver driver) {
        return new ReadOnlyDriver(driver);
    }

    /**
     * Uses a folder of {@code store} as the root: keys are relative to {@code folder}. On a store
     * {@link dev.stowage.BlobStores#open} returned, the folder joins the store's own key prefix, applied once with its
     * key checks, and the result takes the store over.
     */
    public static BlobStore prefixed(BlobStore store, String folder) {
        if (store instanceof PortableBlobStore portable) {
            return portable.withFolder(folder);
        }
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
