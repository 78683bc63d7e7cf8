package dev.stowage.cli.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks gateway URLs: {@code s} is the hex HMAC-SHA256 of the path and query as sent, without the
 * {@code s} parameter itself, e.g. {@code /demo/tr:w-300/a.jpg} or {@code /v1/ex/demo/a.jpg?w=300}. Thread-safe.
 */
public final class UrlSigner {
    /** The query parameter that carries the signature. */
    public static final String PARAMETER = "s";
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    public UrlSigner(byte[] key) {
        if (key == null || key.length == 0) {
            throw new IllegalArgumentException("the signing key must not be empty");
        }
        this.key = new SecretKeySpec(key, ALGORITHM);
    }

    /** The hex signature of a raw (still percent-encoded) path with its query, if any. */
    public String signature(String pathAndQuery) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(pathAndQuery.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** The path and query with its signature appended as the last parameter. */
    public String sign(String pathAndQuery) {
        return pathAndQuery + (pathAndQuery.indexOf('?') < 0 ? "?" : "&") + PARAMETER + "=" + signature(pathAndQuery);
    }

    /** Whether {@code given} is the signature of {@code pathAndQuery}; compares in constant time. */
    public boolean verify(String pathAndQuery, String given) {
        if (given == null) {
            return false;
        }
        byte[] expected = signature(pathAndQuery).getBytes(StandardCharsets.US_ASCII);
        byte[] actual = given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    @Override
    public String toString() {
        return "UrlSigner[HmacSHA256]";
    }
}
