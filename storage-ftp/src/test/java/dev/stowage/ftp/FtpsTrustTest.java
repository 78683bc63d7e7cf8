package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.FtpServerEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** FTPS: the server's certificate is checked, and a refusal names the fingerprint to check and pin. */
class FtpsTrustTest {
    static FtpServerEmulator ftps;

    @BeforeAll
    static void start() {
        ftps = FtpServerEmulator.startTls();
    }

    @AfterAll
    static void stop() {
        if (ftps != null) {
            ftps.close();
        }
    }

    private static String base() {
        return "ftps://" + FtpServerEmulator.USER + ":" + URLEncoder.encode(FtpServerEmulator.PASSWORD,
                StandardCharsets.UTF_8) + "@127.0.0.1:" + ftps.port() + "/trust";
    }

    @Test
    void pinnedCertificateIsAccepted() {
        try (BlobStore store = BlobStores.open(ftps.uri("pinned"))) {
            store.put("a.txt", new byte[] {1});
            assertThat(store.getBytes("a.txt")).containsExactly(1);
        }
    }

    @Test
    void selfSignedCertificateWithoutTrustIsMisconfiguredNamingItsFingerprint() {
        try (BlobStore store = BlobStores.open(base())) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                        assertThat(e.getMessage()).contains(ftps.certificateFingerprint()).contains("tlsFingerprint");
                    });
        }
    }

    @Test
    void wrongPinnedFingerprintIsMisconfiguredNamingTheOneSeen() {
        try (BlobStore store = BlobStores.open(base() + "?tlsFingerprint=" + "ab".repeat(32))) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                        assertThat(e.getMessage()).contains(ftps.certificateFingerprint());
                    });
        }
    }
}
