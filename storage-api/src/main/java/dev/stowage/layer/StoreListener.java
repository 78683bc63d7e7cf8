package dev.stowage.layer;

import dev.stowage.Operation;
import dev.stowage.StorageException;

/**
 * Told about every call of an observed store: the hook for metrics and logging. Called on the caller's
 * thread after the call finishes; implementations must be thread-safe and fast.
 */
@FunctionalInterface
public interface StoreListener {
    /**
     * @param store   the store's name
     * @param op      the operation
     * @param key     the key, prefix or {@code null}
     * @param nanos   how long the call took
     * @param failure the failure, or {@code null} on success
     */
    void onCall(String store, Operation op, String key, long nanos, StorageException failure);

    /**
     * A listener that logs each call to {@link System.Logger} named {@code dev.stowage}: successes at DEBUG,
     * failures at INFO (the caller also gets the exception, so this is a trace, not error handling).
     */
    static StoreListener logging() {
        System.Logger log = System.getLogger("dev.stowage");
        return (store, op, key, nanos, failure) -> {
            if (failure == null) {
                log.log(System.Logger.Level.DEBUG, () -> store + " " + op + " " + key + " ok in "
                        + nanos / 1_000_000 + " ms");
            } else {
                log.log(System.Logger.Level.INFO, () -> store + " " + op + " " + key + " failed in "
                        + nanos / 1_000_000 + " ms: " + failure.code());
            }
        };
    }
}
