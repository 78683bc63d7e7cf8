package dev.stowage.transform;

/**
 * Why a transform was refused, in terms a gateway can map to an HTTP status.
 */
public enum ErrorKind {
    /** A transform parameter is unknown, malformed, out of range or contradicts another one. */
    INVALID_PARAMETER(400),
    /** The source is not an image in a supported format (JPEG, PNG, GIF, WebP, BMP). */
    UNSUPPORTED_FORMAT(415),
    /** The source exceeds a limit: bytes, pixels or the memory budget of one transform. */
    SOURCE_TOO_LARGE(413),
    /** The requested output exceeds the output pixel limit. */
    OUTPUT_TOO_LARGE(422),
    /** The source claims to be a supported format but is truncated or corrupt. */
    CORRUPT_IMAGE(422),
    /** The transform took longer than its time limit and was abandoned. */
    TIMEOUT(503),
    /** The requested output format has no encoder on this platform (e.g. WebP without its native library). */
    ENCODER_UNAVAILABLE(501);

    private final int httpStatus;

    ErrorKind(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    /** The HTTP status a gateway should answer with for this kind of refusal. */
    public int httpStatus() {
        return httpStatus;
    }
}
