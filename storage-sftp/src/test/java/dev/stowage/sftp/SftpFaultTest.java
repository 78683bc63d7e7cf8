package dev.stowage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.SftpServerEmulator;
import dev.stowage.testkit.faults.FaultyContent;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the SFTP driver logs in, checks host keys, and behaves when the server fails. */
class SftpFaultTest {
    static SftpServerEmulator sftp;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sftp = SftpServerEmulator.start();
    }

    @AfterAll
    static void stop() {
        if (sftp != null) {
            sftp.close();
        }
    }

    private static String folder() {
        return "f-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(Object s) {
        return URLEncoder.encode(s.toString(), StandardCharsets.UTF_8);
    }

    /** A URI without credentials or host key options. */
    private static String bare(String folder) {
        return "sftp://" + SftpServerEmulator.USER + "@127.0.0.1:" + sftp.port() + "/" + folder;
    }

    private static void roundTrip(BlobStore store) {
        store.put("a/b.txt", new byte[] {1, 2});
        assertThat(store.getBytes("a/b.txt")).containsExactly(1, 2);
    }

    @Test
    void wrongPasswordIsUnauthenticatedNamingTheUserNotThePassword() {
        String uri = "sftp://" + SftpServerEmulator.USER + ":wrong-secret-77@127.0.0.1:" + sftp.port() + "/"
                + folder() + "?knownHosts=" + enc(sftp.knownHosts());
        try (BlobStore store = BlobStores.open(uri)) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                        assertThat(e.getMessage()).contains("'" + SftpServerEmulator.USER + "'").contains("password")
                                .doesNotContain("wrong-secret-77");
                    });
        }
    }

    @Test
    void unknownHostKeyIsMisconfiguredNamingTheFingerprintAndHowToPinIt() throws IOException {
        Path empty = Files.createFile(tmp.resolve("known_hosts"));
        try (BlobStore store = BlobStores.open(bare(folder()) + "?password=" + enc(SftpServerEmulator.PASSWORD)
                + "&knownHosts=" + enc(empty))) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                        assertThat(e.getMessage()).contains(sftp.hostKeyFingerprint())
                                .contains("hostKey=" + sftp.hostKeyFingerprint());
                    });
        }
    }

    @Test
    void pinnedHostKeyMismatchIsPermissionDeniedNamingTheKeySeen() {
        String wrong = "SHA256:" + "A".repeat(43);
        try (BlobStore store = BlobStores.open(bare(folder()) + "?password=" + enc(SftpServerEmulator.PASSWORD)
                + "&hostKey=" + enc(wrong))) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains(sftp.hostKeyFingerprint()).contains(wrong);
                    });
        }
    }

    @Test
    void pinnedHostKeyIsAcceptedWithoutKnownHosts() {
        roundTripWith(bare(folder()) + "?password=" + enc(SftpServerEmulator.PASSWORD) + "&hostKey="
                + enc(sftp.hostKeyFingerprint()) + "&knownHosts=" + enc(tmp.resolve("none")));
    }

    @Test
    void hostKeyCheckingOffMustBeExplicit() {
        roundTripWith(bare(folder()) + "?password=" + enc(SftpServerEmulator.PASSWORD)
                + "&strictHostKeyChecking=false&knownHosts=" + enc(tmp.resolve("none")));
    }

    @Test
    void publicKeyLoginWithAKeyFile() {
        roundTripWith(bare(folder()) + "?privateKey=" + enc(sftp.privateKey()) + "&knownHosts="
                + enc(sftp.knownHosts()));
    }

    @Test
    void publicKeyLoginWithKeyContentFromAFileReference() {
        roundTripWith(bare(folder()) + "?privateKey=" + enc("${file:" + sftp.privateKey() + "}") + "&knownHosts="
                + enc(sftp.knownHosts()));
    }

    @Test
    void publicKeyLoginWithAnEncryptedKeyAndItsPassphrase() {
        roundTripWith(bare(folder()) + "?privateKey=" + enc(sftp.encryptedPrivateKey()) + "&passphrase="
                + enc(SftpServerEmulator.KEY_PASSPHRASE) + "&knownHosts=" + enc(sftp.knownHosts()));
    }

    @Test
    void wrongPassphraseIsMisconfiguredBeforeConnecting() {
        assertThatThrownBy(() -> BlobStores.open(bare(folder()) + "?privateKey=" + enc(sftp.encryptedPrivateKey())
                + "&passphrase=nope-999&knownHosts=" + enc(sftp.knownHosts())))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("passphrase").doesNotContain("nope-999");
                });
    }

    private static void roundTripWith(String uri) {
        try (BlobStore store = BlobStores.open(uri)) {
            roundTrip(store);
        }
    }

    @Test
    void serverStoppedMidUploadFailsAndLeavesNoObjectAndThePoolRecoversAfterRestart() throws Exception {
        String folder = folder();
        try (BlobStore store = BlobStores.open(sftp.uri(folder))) {
            store.put("before.txt", new byte[] {1, 2, 3});
            InputStream stopsServer = FaultyContent.actingAfter(8 << 20, 1 << 20, sftp::stop);
            try {
                assertThatThrownBy(() -> store.put("half.bin", ContentSource.ofStream(stopsServer, 8 << 20),
                        PutOptions.defaults()))
                        .isInstanceOfSatisfying(StorageException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            } finally {
                sftp.restart();
            }
            assertThat(store.exists("half.bin")).isFalse();
            assertThat(Files.exists(sftp.root().resolve(folder).resolve("half.bin"))).isFalse();
            try (var keys = store.list(ListOptions.all())) {
                assertThat(keys.map(ListEntry::key).toList()).containsExactly("before.txt");
            }
            assertThat(store.getBytes("before.txt")).containsExactly(1, 2, 3);
        }
    }

    @Test
    void rangeReadStopsAfterItsLengthAndTheConnectionIsReused() throws IOException {
        byte[] data = new byte[4 << 20];
        new Random(3).nextBytes(data);
        try (BlobStore store = BlobStores.open(sftp.uri(folder()) + "&maxConnections=1&readTimeout=5s")) {
            store.put("big.bin", data);
            try (BlobInputStream in = store.get("big.bin", ByteRange.of(1_000_000, 10))) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1_000_000, 1_000_010));
            }
            try (BlobInputStream in = store.get("big.bin")) {
                assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOf(data, 100));
            }
            assertThat(store.getBytes("big.bin")).isEqualTo(data);
        }
    }

    @Test
    void linksOutOfTheRootAreNotFollowed() throws IOException {
        String folder = folder();
        Path outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        try (BlobStore store = BlobStores.open(sftp.uri(folder))) {
            store.put("inside.txt", new byte[] {1});
            Path base = sftp.root().resolve(folder);
            Files.createSymbolicLink(base.resolve("link"), outside);
            Files.createSymbolicLink(base.resolve("file-link"), outside.resolve("secret.txt"));
            try (var keys = store.list(ListOptions.all())) {
                assertThat(keys.map(ListEntry::key).toList()).containsExactly("inside.txt");
            }
            assertThatThrownBy(() -> store.getBytes("link/secret.txt")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isIn(ErrorCode.PERMISSION_DENIED, ErrorCode.NOT_FOUND));
            assertThatThrownBy(() -> store.getBytes("file-link")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
    }
}
