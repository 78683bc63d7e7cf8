package dev.stowage;

import java.time.Duration;
import java.util.Objects;

/**
 * How to sign a temporary URL.
 *
 * @param method      GET to download, PUT to upload
 * @param expiry      how long the URL stays valid (1 second to 7 days)
 * @param contentType for PUT, the content type the uploader must send, or {@code null}
 */
public record SignedUrlOptions(Method method, Duration expiry, String contentType) {
    /** The HTTP method a signed URL allows. */
    public enum Method { GET, PUT }

    public static final Duration MAX_EXPIRY = Duration.ofDays(7);

    public SignedUrlOptions {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(expiry, "expiry");
        if (expiry.compareTo(Duration.ofSeconds(1)) < 0 || expiry.compareTo(MAX_EXPIRY) > 0) {
            throw new IllegalArgumentException("signed URL expiry must be between 1 second and 7 days, was " + expiry);
        }
    }

    /** A download URL valid for {@code expiry}. */
    public static SignedUrlOptions get(Duration expiry) {
        return new SignedUrlOptions(Method.GET, expiry, null);
    }

    /** An upload URL valid for {@code expiry}. */
    public static SignedUrlOptions put(Duration expiry, String contentType) {
        return new SignedUrlOptions(Method.PUT, expiry, contentType);
    }
}
