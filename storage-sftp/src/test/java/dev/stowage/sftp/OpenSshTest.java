package dev.stowage.sftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.LocalFileServer;
import dev.stowage.testkit.emulator.OpenSshServer;
import dev.stowage.testkit.faults.FaultyContent;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SFTP driver against OpenSSH 9.2's sshd with an RSA and an ed25519 host key and the stock
 * {@code MaxStartups 10:30:100}: host keys pinned or known by type, many connections opened at once, and writes cut
 * off by dropped connections. Each test failed against this server before the driver handled it.
 */
class OpenSshTest {
    static OpenSshServer sshd;

    @TempDir
    Path tmp;

    @BeforeAll
    static void start() {
        sshd = OpenSshServer.start();
    }

    @AfterAll
    static void stop() {
        if (sshd != null) {
            sshd.close();
        }
    }

    private static String folder() {
        return "s-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The fixture's root and a new folder, with the password, and no host key option. */
    private static String bare(String folder) {
        return "sftp://" + LocalFileServer.USER + ":" + enc(LocalFileServer.PASSWORD) + "@127.0.0.1:" + sshd.port()
                + sshd.root() + "/" + folder;
    }

    private static void roundTrip(String uri) {
        try (BlobStore store = BlobStores.open(uri)) {
            store.put("a/b.txt", new byte[] {1, 2});
            assertThat(store.getBytes("a/b.txt")).containsExactly(1, 2);
        }
    }

    @Test
    void pinnedRsaHostKeyIsAcceptedThoughTheServerPrefersEd25519() {
        roundTrip(bare(folder()) + "?hostKey=" + enc(sshd.hostKeyFingerprint("rsa")) + "&knownHosts="
                + enc(tmp.resolve("none").toString()));
    }

    @Test
    void knownHostsHoldingOnlyTheRsaKeyIsAccepted() throws Exception {
        Path known = Files.writeString(tmp.resolve("known_hosts"), sshd.knownHostsLine("rsa"));
        roundTrip(bare(folder()) + "?knownHosts=" + enc(known.toString()));
    }

    @Test
    void pinnedKeyMatchingNoneOfTheServersKeysIsRefusedNamingWhatWasSeen() {
        String wrong = "SHA256:" + "A".repeat(43);
        try (BlobStore store = BlobStores.open(bare(folder()) + "?hostKey=" + enc(wrong))) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                        assertThat(e.getMessage()).contains(sshd.hostKeyFingerprint("ed25519"))
                                .contains(sshd.hostKeyFingerprint("rsa"));
                    });
        }
    }

    @Test
    void publicKeyLogin() {
        roundTrip(sshd.keyUri(folder()));
    }

    @Test
    void sixteenWritersOnSixteenConnectionsUnderStockMaxStartupsLoseNothing() throws Exception {
        String folder = folder();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        try (BlobStore store = BlobStores.open(sshd.uri(folder) + "&maxConnections=16")) {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                String key = "f" + i + ".bin";
                byte[] data = key.getBytes(StandardCharsets.UTF_8);
                done.add(pool.submit(() -> store.put(key, data)));
            }
            for (Future<?> f : done) {
                f.get();
            }
            for (int i = 0; i < 50; i++) {
                assertThat(store.getBytes("f" + i + ".bin")).isEqualTo(("f" + i + ".bin").getBytes(StandardCharsets.UTF_8));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void putCutOffByADroppedConnectionLeavesNoTemporaryFile() throws Exception {
        String folder = folder();
        try (BlobStore store = BlobStores.open(sshd.uri(folder))) {
            store.put("dir/before.txt", new byte[] {1});
            InputStream dropping = FaultyContent.actingAfter(8 << 20, 1 << 20, sshd::dropConnections);
            assertThatThrownBy(() -> store.put("dir/half.bin", ContentSource.ofStream(dropping, 8 << 20),
                    PutOptions.defaults())).isInstanceOf(StorageException.class);
            try (Stream<Path> files = Files.walk(sshd.root().resolve(folder))) {
                assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".stowage-tmp-")))
                        .isEmpty();
            }
            assertThat(store.exists("dir/half.bin")).isFalse();
        }
    }

    @Test
    void openSshSftpReadsWhatTheDriverWroteAndTheDriverReadsWhatItWrote() throws Exception {
        String folder = folder();
        byte[] ours = new byte[300_000];
        new java.util.Random(5).nextBytes(ours);
        byte[] theirs = new byte[200_001];
        new java.util.Random(6).nextBytes(theirs);
        try (BlobStore store = BlobStores.open(sshd.uri(folder))) {
            store.put("x/ours.bin", ours);
            Path remote = sshd.root().resolve(folder).resolve("x");
            Files.write(tmp.resolve("theirs.bin"), theirs);
            Path batch = Files.writeString(tmp.resolve("batch"), "get " + remote.resolve("ours.bin") + " "
                    + tmp.resolve("ours.bin") + "\nput " + tmp.resolve("theirs.bin") + " " + remote.resolve("theirs.bin")
                    + "\n");
            Process p = new ProcessBuilder("sftp", "-q", "-b", batch.toString(), "-i", sshd.clientKey().toString(),
                    "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-P",
                    String.valueOf(sshd.port()), LocalFileServer.USER + "@127.0.0.1").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor()).as("sftp: " + out).isZero();
            assertThat(Files.readAllBytes(tmp.resolve("ours.bin"))).isEqualTo(ours);
            assertThat(store.getBytes("x/theirs.bin")).isEqualTo(theirs);
        }
    }
}
