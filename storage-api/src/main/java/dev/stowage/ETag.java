package dev.stowage;

import java.util.Objects;

/**
 * An entity tag: the label a backend gives one version of an object's content. Backends and HTTP write it quoted
 * ({@code "9b2cf535f27731c974343645a3985328"}), some SDKs hand it over bare, and a weak one carries {@code W/}; this
 * type reads all of them, and {@link BlobInfo#etag()} always holds the {@linkplain #toString() one form} it gives, so
 * ETags from different drivers and calls compare as strings.
 *
 * @param value the opaque label, without quotes
 * @param weak  whether it is a weak tag ({@code W/"..."}), which names equivalent rather than identical content
 */
public record ETag(String value, boolean weak) {
    public ETag {
        Objects.requireNonNull(value, "value");
    }

    /** A strong tag of {@code value}. */
    public static ETag strong(String value) {
        return new ETag(value, false);
    }

    /**
     * Reads an ETag as a backend or an HTTP header writes it: {@code "abc"}, {@code abc} or {@code W/"abc"}.
     *
     * @return the tag, or {@code null} for {@code null} or blank text
     */
    public static ETag parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String t = text.strip();
        boolean weak = t.startsWith("W/") || t.startsWith("w/");
        if (weak) {
            t = t.substring(2);
        }
        if (t.length() >= 2 && t.startsWith("\"") && t.endsWith("\"")) {
            t = t.substring(1, t.length() - 1);
        }
        return new ETag(t, weak);
    }

    /** {@code text} in the form {@link BlobInfo#etag()} holds (see {@link #toString()}), or {@code null}. */
    public static String normalize(String text) {
        ETag tag = parse(text);
        return tag == null ? null : tag.toString();
    }

    /**
     * {@code text} as an HTTP precondition header ({@code If-Match}, {@code If-None-Match}) takes it: quoted, with
     * {@code *} kept as is.
     */
    public static String header(String text) {
        if (text == null) {
            return null;
        }
        return text.strip().equals("*") ? "*" : Objects.requireNonNull(parse(text), "a blank ETag").quoted();
    }

    /** The HTTP header form: {@code "abc"}, or {@code W/"abc"} for a weak tag. */
    public String quoted() {
        return (weak ? "W/\"" : "\"") + value + "\"";
    }

    /**
     * The form {@link BlobInfo#etag()} holds: the bare value of a strong tag (as S3 and most tools show it), the
     * header form of a weak one (so it is never taken for a strong one).
     */
    @Override
    public String toString() {
        return weak ? quoted() : value;
    }
}
