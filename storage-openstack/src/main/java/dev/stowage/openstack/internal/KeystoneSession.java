package dev.stowage.openstack.internal;

import java.net.URI;
import java.time.Instant;
import org.openstack4j.model.identity.v3.Token;

/**
 * An authenticated session: the token to send as X-Auth-Token, the object-store URL of the project and when the
 * token expires. Immutable, so every thread may use it; {@code token} is OpenStack4j's token when password
 * authentication made it (for {@code unwrap}), else {@code null}.
 */
record KeystoneSession(String tokenId, URI storageUrl, Instant expires, Token token) {
    /** Whether the token is about to expire (a minute of margin), so that a new one should be fetched first. */
    boolean expiresSoon() {
        return expires != null && Instant.now().plusSeconds(60).isAfter(expires);
    }

    @Override
    public String toString() {
        return "KeystoneSession[" + storageUrl + ", expires " + expires + "]";
    }
}
