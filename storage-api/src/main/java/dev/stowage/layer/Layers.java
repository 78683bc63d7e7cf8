package dev.stowage.layer;

import dev.stowage.BlobStore;
import java.time.Duration;

/**
 * Decorators that wrap any {@link BlobStore}, composed in one line:
 * {@code Layers.retry(Layers.timeout(store, Duration.ofSeconds(30)), RetryPolicy.defaults())}.
 * Cross-cutting behaviour lives here once instead of in each driver.
 */
public final class Layers {
    private Layers() {
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
}
