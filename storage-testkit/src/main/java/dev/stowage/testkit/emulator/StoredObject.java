package dev.stowage.testkit.emulator;

import java.time.Instant;
import java.util.Map;

/**
 * One object held by a fake: its bytes and what the service stores with them.
 *
 * @param data         the content
 * @param etag         the entity tag (or file id) the fake gave it
 * @param contentType  the media type
 * @param cacheControl the Cache-Control value, or {@code null}
 * @param metadata     user metadata, names lower-case
 * @param modified     when it was written
 */
record StoredObject(byte[] data, String etag, String contentType, String cacheControl, Map<String, String> metadata,
                    Instant modified) {
    StoredObject {
        metadata = Map.copyOf(metadata);
    }

    static String md5Hex(byte[] data) {
        return java.util.HexFormat.of().formatHex(digest("MD5", data));
    }

    static String sha1Hex(byte[] data) {
        return java.util.HexFormat.of().formatHex(digest("SHA-1", data));
    }

    private static byte[] digest(String algorithm, byte[] data) {
        try {
            return java.security.MessageDigest.getInstance(algorithm).digest(data);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
