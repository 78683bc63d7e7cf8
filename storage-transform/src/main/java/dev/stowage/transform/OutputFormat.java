package dev.stowage.transform;

import dev.stowage.transform.internal.Codecs;
import java.util.Locale;

/**
 * The encoded format of a transform's output. {@link #AUTO} is resolved per request from the client's
 * {@code Accept} header and the source (see {@link #negotiate(String, boolean)}); a response to an
 * {@code AUTO} request should carry {@code Vary: Accept}.
 */
public enum OutputFormat {
    /** Baseline JPEG, 4:2:0, optimised Huffman tables; transparency is flattened onto the background. */
    JPEG("image/jpeg", "jpg"),
    /** Lossless PNG, keeping transparency; quality is ignored. */
    PNG("image/png", "png"),
    /** Lossy WebP, keeping transparency; needs the bundled native libwebp (see {@link #isEncodable()}). */
    WEBP("image/webp", "webp"),
    /** Lossy AVIF (AV1 in HEIF), keeping transparency; only on the libvips engine, with libheif and an AV1 encoder. */
    AVIF("image/avif", "avif"),
    /**
     * Chosen per request: AVIF, then WebP, where the client accepts it and the engine can write it, else PNG for
     * images with transparency, else JPEG.
     */
    AUTO(null, null);

    private final String mediaType;
    private final String extension;

    OutputFormat(String mediaType, String extension) {
        this.mediaType = mediaType;
        this.extension = extension;
    }

    /** The {@code Content-Type} of this format, e.g. {@code image/webp}; {@code null} for {@link #AUTO}. */
    public String mediaType() {
        return mediaType;
    }

    /** The usual file extension without a dot, e.g. {@code jpg}; {@code null} for {@link #AUTO}. */
    public String extension() {
        return extension;
    }

    /** The name used in URLs and in {@link Transform#canonical()}, e.g. {@code jpeg}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether this platform can encode the format on some engine: always JPEG and PNG; WebP needs its native
     * library; AVIF needs libvips with an AV1 encoder. {@link ImageTransformer#canEncode(OutputFormat)} answers
     * for one transformer's engine.
     */
    public boolean isEncodable() {
        return switch (this) {
            case WEBP -> Codecs.webpEncoderAvailable();
            case AVIF -> dev.stowage.transform.internal.vips.Vips.avifAvailable();
            case AUTO -> false;
            default -> true;
        };
    }

    /**
     * The best concrete format for a client sending {@code acceptHeader} when the image has no transparency:
     * WebP if the client lists {@code image/webp} (with a non-zero q) and the encoder is available, else JPEG.
     */
    public static OutputFormat negotiate(String acceptHeader) {
        return negotiate(acceptHeader, false);
    }

    /**
     * The best concrete format for a client sending {@code acceptHeader} (may be {@code null}).
     * Wildcards ({@code image/*}) do not select WebP: clients that decode WebP list it explicitly,
     * and old clients send wildcards they cannot honour.
     *
     * @param acceptHeader the request's {@code Accept} header, or {@code null}
     * @param transparent  whether the image has transparency worth keeping (chooses PNG over JPEG)
     */
    public static OutputFormat negotiate(String acceptHeader, boolean transparent) {
        return negotiate(acceptHeader, transparent, false);
    }

    /**
     * As {@link #negotiate(String, boolean)}, also choosing AVIF first when {@code avif} (the engine can write
     * it) and the client lists {@code image/avif}.
     */
    public static OutputFormat negotiate(String acceptHeader, boolean transparent, boolean avif) {
        if (acceptHeader != null && avif && accepts(acceptHeader, "image/avif")) {
            return AVIF;
        }
        if (acceptHeader != null && accepts(acceptHeader, "image/webp") && WEBP.isEncodable()) {
            return WEBP;
        }
        return transparent ? PNG : JPEG;
    }

    private static boolean accepts(String acceptHeader, String mediaType) {
        for (String range : acceptHeader.split(",")) {
            String[] parts = range.split(";");
            if (!parts[0].trim().equalsIgnoreCase(mediaType)) {
                continue;
            }
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.regionMatches(true, 0, "q=", 0, 2)) {
                    try {
                        return Double.parseDouble(param.substring(2).trim()) > 0;
                    } catch (NumberFormatException e) {
                        return false;
                    }
                }
            }
            return true;
        }
        return false;
    }

    /** The format named by {@code token} (case-insensitive, {@code jpg} accepted), or {@code null}. */
    static OutputFormat fromToken(String token) {
        if ("jpg".equalsIgnoreCase(token)) {
            return JPEG;
        }
        for (OutputFormat f : values()) {
            if (f.token().equalsIgnoreCase(token)) {
                return f;
            }
        }
        return null;
    }
}
