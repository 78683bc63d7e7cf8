package dev.stowage.gateway.internal;

import dev.stowage.BlobInfo;
import dev.stowage.transform.OutputFormat;
import dev.stowage.transform.Transform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A transformed image to serve, fully known before any transform runs, so that a conditional or HEAD request costs
 * no work: the source and the exact version it is made from, the transform, and the ETag naming both.
 *
 * @param ref        the original
 * @param origin     the store the source was read from when it was read through a route, else {@code null}
 * @param source     the original's metadata at the version planned
 * @param version    the version the variant is made from (naming the origin when routed); a read of any other
 *                   version is refused
 * @param transform  the transform
 * @param id         the canonical transform, plus the negotiated format class when the format is auto
 * @param etag       the quoted strong ETag: a digest of the source version and {@code id}
 * @param varyAccept whether the output depends on the request's Accept header
 * @param webp       whether auto format negotiated WebP
 */
record VariantPlan(SourceRef ref, String origin, BlobInfo source, Version version, Transform transform, String id, String etag,
                   boolean varyAccept, boolean webp) {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    /**
     * Plans the variant of {@code source} under {@code transform} for a client sending {@code accept}.
     *
     * @throws HttpProblem 422 when the URL asks for more output pixels than {@code maxOutputPixels}, before any I/O
     */
    static VariantPlan of(SourceRef ref, Original original, Transform transform, String accept,
                          long maxOutputPixels) {
        boolean auto = transform.format() == OutputFormat.AUTO;
        boolean webp = auto && OutputFormat.negotiate(accept) == OutputFormat.WEBP;
        String id = transform.canonical() + (auto ? (webp ? "|webp" : "|no-webp") : "");
        Version version = original.version();
        String etag = "\"" + digest(version.token() + "|" + id).substring(0, 32) + "\"";
        return new VariantPlan(ref, original.routed() ? original.origin() : null, original.info(), version, transform, id, etag, auto, webp);
    }

    /** Refuses, by the option's name, a URL whose output size alone exceeds the limit; needs no I/O. */
    static void checkOutputSize(Transform transform, long maxOutputPixels) {
        long pixels = (long) transform.targetWidth() * transform.targetHeight();
        if (pixels > maxOutputPixels) {
            throw new HttpProblem(422, "the requested output " + transform.targetWidth() + "x"
                    + transform.targetHeight() + " (" + pixels + " pixels) exceeds the gateway's limit maxOutputPixels ("
                    + maxOutputPixels + "); ask for a smaller w, h or dpr");
        }
    }

    /** The variant cache's key: names the source, its version and the transform, and nothing a client controls raw. */
    String cacheKey() {
        String hex = digest(ref.store() + "\u0000" + ref.key() + "\u0000" + version.token() + "\u0000" + id);
        return VariantCache.PREFIX + hex.substring(0, 2) + "/" + hex;
    }

    /** The media type known from the plan alone, or {@code null} when only the transform decides it. */
    String knownContentType() {
        if (webp) {
            return OutputFormat.WEBP.mediaType();
        }
        return transform.format() == OutputFormat.AUTO ? null : transform.format().mediaType();
    }

    private static String digest(String text) {
        return HexFormat.of().formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
