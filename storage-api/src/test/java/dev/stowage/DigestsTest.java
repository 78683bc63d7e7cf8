package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class DigestsTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    @Test
    void knownDigestsOfHello() {
        assertThat(DigestAlgorithm.MD5.hex(HELLO, 0, 5)).isEqualTo("5d41402abc4b2a76b9719d911017c592");
        assertThat(DigestAlgorithm.SHA1.hex(HELLO, 0, 5)).isEqualTo("aaf4c61ddcc5e8a2dabede0f3b482cd9aea9434d");
        assertThat(DigestAlgorithm.SHA256.hex(HELLO, 0, 5))
                .isEqualTo("2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824");
        // CRC-32C check value of "123456789" (RFC 3720)
        assertThat(DigestAlgorithm.CRC32C.hex("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9))
                .isEqualTo("e3069283");
    }

    @Test
    void base64AndHexAreTheSameValue() {
        Digests d = Digests.ofBase64(DigestAlgorithm.MD5, "XUFAKrxLKna5cZ2REBfFkg==");
        assertThat(d.get(DigestAlgorithm.MD5)).contains("5d41402abc4b2a76b9719d911017c592");
        assertThat(d.base64(DigestAlgorithm.MD5)).contains("XUFAKrxLKna5cZ2REBfFkg==");
    }

    @Test
    void mismatchNamesTheDifferingAlgorithmAndIgnoresUnsharedOnes() {
        Digests a = Digests.of(DigestAlgorithm.MD5, "5d41402abc4b2a76b9719d911017c592");
        Digests b = Digests.of(DigestAlgorithm.MD5, "00000000000000000000000000000000")
                .with(DigestAlgorithm.CRC32C, "e3069283");
        assertThat(a.mismatch(b)).contains(DigestAlgorithm.MD5);
        assertThat(a.mismatch(Digests.of(DigestAlgorithm.CRC32C, "e3069283"))).isEmpty();
        assertThat(a.firstShared(Digests.none())).isEmpty();
    }

    @Test
    void malformedValuesAreRefusedNamingTheAlgorithm() {
        assertThatThrownBy(() -> Digests.of(DigestAlgorithm.SHA1, "abc")).hasMessageContaining("SHA-1")
                .hasMessageContaining("40 hex digits");
        assertThatThrownBy(() -> Digests.ofBase64(DigestAlgorithm.MD5, "!!")).hasMessageContaining("base64");
    }
}
