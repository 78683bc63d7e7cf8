package dev.stowage;

/** Portable classification of a storage failure, the same for every backend. */
public enum ErrorCode {
    /** The key, bucket or store does not exist. */
    NOT_FOUND(false),
    /** The target exists and the operation required it not to. */
    ALREADY_EXISTS(false),
    /** A condition (If-Match, If-None-Match, generation) did not hold. */
    PRECONDITION_FAILED(false),
    /** The credentials are valid but lack a permission, or the store is read-only. */
    PERMISSION_DENIED(false),
    /** The credentials are missing, wrong or expired. */
    UNAUTHENTICATED(false),
    /** The request itself is wrong: a bad key, option or range. */
    INVALID_ARGUMENT(false),
    /** The backend or driver cannot do this. */
    UNSUPPORTED(false),
    /** The backend asked the client to slow down. */
    RATE_LIMITED(true),
    /** The backend is unreachable, down or too slow; trying again may succeed. */
    UNAVAILABLE(true),
    /**
     * The call did not finish within its deadline (the store's {@code deadline} option, {@code Layers.timeout}): a
     * listing, a read of a stream or a transfer still going when the time was up. Trying again with the same
     * budget may succeed when the backend was only briefly slow.
     */
    DEADLINE_EXCEEDED(true),
    /** Data read or written did not match what was expected (short body, checksum mismatch). */
    CORRUPT_DATA(false),
    /** The store's configuration is wrong (unknown option, missing bucket, bad endpoint). */
    MISCONFIGURED(false),
    /** Anything else: a bug or an unclassified backend failure. */
    INTERNAL(false);

    private final boolean retryable;

    ErrorCode(boolean retryable) {
        this.retryable = retryable;
    }

    /** Whether an operation failing with this code is worth trying again by default. */
    public boolean retryableByDefault() {
        return retryable;
    }
}
