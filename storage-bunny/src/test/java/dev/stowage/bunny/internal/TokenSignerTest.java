package dev.stowage.bunny.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import org.junit.jupiter.api.Test;

/**
 * Bunny's token authentication against the test vectors bunny.net publishes with its reference signers
 * (BunnyWay/BunnyCDN.TokenAuthentication, {@code e2e/inputs.json} and {@code e2e/vectors.json}: key
 * {@code SecurityKey}, expiry 1598024587).
 */
class TokenSignerTest {
    private final TokenSigner signer = new TokenSigner("SecurityKey");

    @Test
    void tokenMatchesBunnysPublishedVectorForAPlainPath() {
        assertThat(signer.token("/300kb.jpg", 1598024587L))
                .isEqualTo("HS256-o10JRWlsAItyAsdKS6jJKjabHN4FrFsplDHPV1idcX4");
    }

    @Test
    void signedUrlHasTokenThenExpiresAsBunnysSignersWriteIt() {
        assertThat(signer.sign(URI.create("https://token-tester.b-cdn.net/300kb.jpg"), 1598024587L))
                .hasToString("https://token-tester.b-cdn.net/300kb.jpg?token="
                        + "HS256-o10JRWlsAItyAsdKS6jJKjabHN4FrFsplDHPV1idcX4&expires=1598024587");
    }

    @Test
    void anotherKeyOrExpiryGivesAnotherToken() {
        assertThat(new TokenSigner("OtherKey").token("/300kb.jpg", 1598024587L))
                .isNotEqualTo("HS256-o10JRWlsAItyAsdKS6jJKjabHN4FrFsplDHPV1idcX4");
        assertThat(signer.token("/300kb.jpg", 1598024588L))
                .isNotEqualTo("HS256-o10JRWlsAItyAsdKS6jJKjabHN4FrFsplDHPV1idcX4");
    }
}
