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
     * Told once when the content stream of a {@code get} ends: when it is closed, or when a read of it fails
     * (a failure that {@link #onCall} cannot see, since the call itself had already returned).
     *
     * @param store   the store's name
     * @param key     the key read
     * @param bytes   how many bytes were read from the stream
     * @param nanos   from the stream's opening to its end
     * @param failure the failure of a read, or {@code null} when the stream was closed without one
     */
    default void onStreamEnd(String store, String key, long bytes, long nanos, StorageException failure) {
    }

    /**
     * Told after a {@code put} succeeded, with the size the store reports it stored (called before
     * {@link #onCall} for that put).
     *
     * @param store the store's name
     * @param key   the key written
     * @param bytes the size of the stored object
     */
    default void onWrite(String store, String key, long bytes) {
    }

    /**
     * A listener that logs each call to {@link System.Logger} named {@code dev.stowage}: successes at DEBUG,
     * failures at INFO (the caller also gets the exception, so this is a trace, not error handling).
     */
    static StoreListener logging() {
        System.Logger log = System.getLogger("dev.stowage");
        return new StoreListener() {
            @Override
            public void onCall(String store, Operation op, String key, long nanos, StorageException failure) {
                if (failure == null) {
                    log.log(System.Logger.Level.DEBUG, () -> store + " " + op + " " + key + " ok in "
                            + nanos / 1_000_000 + " ms");
                } else {
                    log.log(System.Logger.Level.INFO, () -> store + " " + op + " " + key + " failed in "
                            + nanos / 1_000_000 + " ms: " + failure.code());
                }
            }

            @Override
            public void onStreamEnd(String store, String key, long bytes, long nanos, StorageException failure) {
                if (failure == null) {
                    log.log(System.Logger.Level.DEBUG, () -> store + " read " + key + ": " + bytes + " bytes in "
                            + nanos / 1_000_000 + " ms");
                } else {
                    log.log(System.Logger.Level.INFO, () -> store + " read " + key + " failed after " + bytes
                            + " bytes in " + nanos / 1_000_000 + " ms: " + failure.code());
                }
            }
        };
    }
}
