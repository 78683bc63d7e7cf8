package dev.stowage.transform;

/**
 * Why a transform was refused, in terms a gateway can map to an HTTP status. Only {@link #retryable()} kinds
 * depend on the server's load rather than on the request or the image, so only they deserve a
 * {@code Retry-After}.
 */
public enum ErrorKind {
    /** A transform parameter is unknown, malformed, out of range or contradicts another one. */
    INVALID_PARAMETER(400, false),
    /** The source is not an image in a supported format (JPEG, PNG, GIF, WebP, BMP). */
    UNSUPPORTED_FORMAT(415, false),
    /** The source exceeds a limit: bytes, pixels or the memory budget of one transform. */
    SOURCE_TOO_LARGE(413, false),
    /** The requested output exceeds the output pixel limit. */
    OUTPUT_TOO_LARGE(422, false),
    /** The source claims to be a supported format but is truncated or corrupt. */
    CORRUPT_IMAGE(422, false),
    /**
     * The source is a valid image built to cost more decoding work than any real photograph: a progressive
     * JPEG with more scans than {@link TransformLimits#maxJpegScans()}. Refused from a walk of its markers,
     * before decoding.
     */
    SOURCE_TOO_COMPLEX(422, false),
    /**
     * The transform took longer than its time limit and was stopped. The cost is the image's (retrying it
     * costs the same again), so this is not retryable.
     */
    TIMEOUT(422, false),
    /**
     * The transforms running at once already hold the shared memory budget, and this one could not get its
     * share before its time limit. Retry later.
     */
    OVERLOADED(503, true),
    /** The JVM ran out of memory during the transform; the image may be fine. Retry later. */
    OUT_OF_MEMORY(503, true),
    /**
     * The requested output format or operation is not available on this engine or platform (e.g. WebP without
     * its native library, AVIF on the pure-Java engine).
     */
    ENCODER_UNAVAILABLE(501, false);

    private final int httpStatus;
    private final boolean retryable;

    ErrorKind(int httpStatus, boolean retryable) {
        this.httpStatus = httpStatus;
        this.retryable = retryable;
    }

    /** The HTTP status a gateway should answer with for this kind of refusal. */
    public int httpStatus() {
        return httpStatus;
    }

    /** Whether the same request may succeed later (answer with {@code Retry-After}); never for image faults. */
    public boolean retryable() {
        return retryable;
    }
}
