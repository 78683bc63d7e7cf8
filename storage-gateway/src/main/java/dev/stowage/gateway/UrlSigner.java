package dev.stowage.gateway;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs and checks gateway URLs: {@code s} is the hex HMAC-SHA256 of the path and query as sent, without the
 * {@code s} parameter itself, e.g. {@code /demo/tr:w-300/a.jpg} or {@code /v1/ex/demo/a.jpg?w=300&exp=1767225600}.
 * An optional {@code exp} parameter (epoch seconds, signed with the rest) bounds how long a URL works.
 *
 * <p>Several keys may be active at once for rotation: the first signs, any of them verifies. Rotate by putting the
 * new key first, waiting until URLs signed with the old one have expired or been replaced, then dropping the old
 * key. Thread-safe.
 */
public final class UrlSigner {
    /** The query parameter that carries the signature. */
    public static final String PARAMETER = "s";
    /** The query parameter that carries the expiry in epoch seconds. */
    public static final String EXPIRES = "exp";
    private static final String ALGORITHM = "HmacSHA256";

    private final List<SecretKeySpec> keys;
    private final Clock clock;

    /** A signer with one key. */
    public UrlSigner(byte[] key) {
        this(List.of(key), Clock.systemUTC());
    }

    /**
     * A signer with several active keys: the first signs, each verifies.
     *
     * @throws IllegalArgumentException if there is no key or a key is empty
     */
    public UrlSigner(List<byte[]> keys, Clock clock) {
        if (keys == null || keys.isEmpty()) {
            throw new IllegalArgumentException("at least one signing key is needed");
        }
        List<SecretKeySpec> specs = new ArrayList<>();
        for (byte[] k : keys) {
            if (k == null || k.length == 0) {
                throw new IllegalArgumentException("a signing key must not be empty");
            }
            specs.add(new SecretKeySpec(k, ALGORITHM));
        }
        this.keys = List.copyOf(specs);
        this.clock = clock;
    }

    /** The hex signature of a raw (still percent-encoded) path with its query, with the first key. */
    public String signature(String pathAndQuery) {
        return signature(keys.get(0), pathAndQuery);
    }

    private static String signature(SecretKeySpec key, String pathAndQuery) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return HexFormat.of().formatHex(mac.doFinal(pathAndQuery.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required of every Java platform", e);
        }
    }

    /** The path and query with its signature appended as the last parameter; valid until a key is retired. */
    public String sign(String pathAndQuery) {
        return pathAndQuery + (pathAndQuery.indexOf('?') < 0 ? "?" : "&") + PARAMETER + "=" + signature(pathAndQuery);
    }

    /** The path and query with an {@code exp} parameter and the signature appended; refused after {@code expires}. */
    public String sign(String pathAndQuery, Instant expires) {
        String withExpiry = pathAndQuery + (pathAndQuery.indexOf('?') < 0 ? "?" : "&") + EXPIRES + "="
                + expires.getEpochSecond();
        return sign(withExpiry);
    }

    /** Whether {@code given} is the signature of {@code pathAndQuery} under any active key; constant time per key. */
    public boolean verify(String pathAndQuery, String given) {
        if (given == null) {
            return false;
        }
        byte[] actual = given.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        boolean ok = false;
        for (SecretKeySpec key : keys) {
            byte[] expected = signature(key, pathAndQuery).getBytes(StandardCharsets.US_ASCII);
            ok |= MessageDigest.isEqual(expected, actual);
        }
        return ok;
    }

    /** Whether a URL with this {@code exp} value (epoch seconds, {@code null} for none) has expired. */
    public boolean expired(Long expiresEpochSeconds) {
        return expiresEpochSeconds != null && clock.instant().getEpochSecond() > expiresEpochSeconds;
    }

    @Override
    public String toString() {
        return "UrlSigner[HmacSHA256, " + keys.size() + " key(s)]";
    }
}
