package dev.stowage.bunny.internal;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Signs pull zone URLs with bunny.net's token authentication (the advanced, SHA-256 based scheme): the token is
 * {@code HS256-} followed by the unpadded base64url of HMAC-SHA256 keyed with the pull zone's URL Token
 * Authentication Key over the URL's path followed by the expiry (Unix seconds); the URL gets {@code token} and
 * {@code expires} query parameters. No optional restriction (token_path, countries, IP) is used, so nothing else
 * enters the signature.
 */
final class TokenSigner {
    private final byte[] key;

    TokenSigner(String key) {
        this.key = key.getBytes(StandardCharsets.UTF_8);
    }

    /** {@code url} (no query) with {@code token} and {@code expires} added. */
    URI sign(URI url, long expiresEpochSecond) {
        String path = url.getRawPath();
        String token = token(path, expiresEpochSecond);
        return URI.create(url + "?token=" + token + "&expires=" + expiresEpochSecond);
    }

    /** The token for a URL path as sent on the wire (percent-encoded) and an expiry. */
    String token(String rawPath, long expiresEpochSecond) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] sig = mac.doFinal((rawPath + expiresEpochSecond).getBytes(StandardCharsets.UTF_8));
            return "HS256-" + Base64.getUrlEncoder().withoutPadding().encodeToString(sig);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this Java runtime", e);
        }
    }

    @Override
    public String toString() {
        return "TokenSigner[HS256]";
    }
}
