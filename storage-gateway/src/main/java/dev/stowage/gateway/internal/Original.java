package dev.stowage.gateway.internal;

import dev.stowage.BlobInfo;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * An original as one origin holds it: which configured store answered, and what it said about the object.
 *
 * @param origin the name of the store that answered
 * @param routed whether it was asked as one origin of a route (several stores in order), so that which one answered
 *               is part of the original's identity
 * @param info   the object's metadata at that origin
 */
record Original(String origin, boolean routed, BlobInfo info) {
    Original {
        Objects.requireNonNull(origin, "origin");
        Objects.requireNonNull(info, "info");
    }

    /**
     * The version this original is. Through a route it names the origin too: a copy in the new bucket and one in
     * the old are different sources even when their ETags agree, so a variant made from one is never served as
     * made from the other.
     */
    Version version() {
        Version v = Version.of(info);
        return routed ? new Version("origin:" + origin + "|" + v.token()) : v;
    }

    /** The quoted ETag of the original's bytes as served, or {@code null} when the store gives none. */
    String etag() {
        if (info.etag() == null) {
            return null;
        }
        if (!routed) {
            return Headers.quote(info.etag());
        }
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest((origin + "\u0000" + info.etag())
                    .getBytes(StandardCharsets.UTF_8));
            return "\"" + HexFormat.of().formatHex(d, 0, 16) + "\"";
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }
}
