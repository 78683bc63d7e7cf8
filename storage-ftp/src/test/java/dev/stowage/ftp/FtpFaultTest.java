package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.FtpServerEmulator;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.util.Arrays;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** How the FTP driver behaves when the server fails, refuses or is reached in unusual ways. */
class FtpFaultTest {
    static FtpServerEmulator ftp;

    @BeforeAll
    static void start() {
        ftp = FtpServerEmulator.start();
    }

    @AfterAll
    static void stop() {
        if (ftp != null) {
            ftp.close();
        }
    }

    private static String folder() {
        return "f-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void wrongPasswordIsUnauthenticatedNamingTheUserNotThePassword() {
        String uri = "ftp://" + FtpServerEmulator.USER + ":wrong-secret-77@127.0.0.1:" + ftp.port() + "/" + folder();
        try (BlobStore store = BlobStores.open(uri)) {
            assertThatThrownBy(() -> store.put("a.txt", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                        assertThat(e.getMessage()).contains("'" + FtpServerEmulator.USER + "'")
                                .doesNotContain("wrong-secret-77");
                    });
            assertThat(store.toString()).doesNotContain("wrong-secret-77");
        }
    }

    @Test
    void serverStoppedMidUploadFailsAndLeavesNoObjectAndThePoolRecoversAfterRestart() throws Exception {
        String folder = folder();
        try (BlobStore store = BlobStores.open(ftp.uri(folder))) {
            store.put("before.txt", new byte[] {1, 2, 3}); // leaves an idle pooled connection behind
            InputStream stopsServer = new InputStream() {
                private long sent;

                @Override
                public int read() {
                    throw new UnsupportedOperationException();
                }

                @Override
                public int read(byte[] b, int off, int len) {
                    if (sent >= (1 << 20) && sent < (1 << 20) + len) {
                        ftp.stop(); // the server goes away with half the object sent
                    }
                    if (sent >= (8 << 20)) {
                        return -1;
                    }
                    int n = (int) Math.min(len, (8 << 20) - sent);
                    Arrays.fill(b, off, off + n, (byte) 7);
                    sent += n;
                    return n;
                }
            };
            try {
                assertThatThrownBy(() -> store.put("half.bin", ContentSource.ofStream(stopsServer, 8 << 20),
                        PutOptions.defaults()))
                        .isInstanceOfSatisfying(StorageException.class,
                                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            } finally {
                ftp.restart();
            }
            assertThat(store.exists("half.bin")).isFalse();
            assertThat(Files.exists(ftp.root().resolve(folder).resolve("half.bin"))).isFalse();
            try (var keys = store.list(ListOptions.all())) {
                assertThat(keys.map(e -> e.key()).toList()).containsExactly("before.txt");
            }
            assertThat(store.getBytes("before.txt")).containsExactly(1, 2, 3);
        }
    }

    @Test
    void idleConnectionsDroppedByARestartAreReplaced() {
        try (BlobStore store = BlobStores.open(ftp.uri(folder()) + "?maxConnections=2")) {
            store.put("a.txt", new byte[] {1});
            ftp.restart();
            assertThat(store.getBytes("a.txt")).containsExactly(1);
            store.put("b.txt", new byte[] {2});
            assertThat(store.getBytes("b.txt")).containsExactly(2);
        }
    }

    @Test
    void rangeReadStopsAfterItsLengthAndTheConnectionIsReused() throws IOException {
        byte[] data = new byte[4 << 20];
        new Random(3).nextBytes(data);
        // one connection only: if an abandoned transfer kept it, the next call would wait and fail
        try (BlobStore store = BlobStores.open(ftp.uri(folder()) + "?maxConnections=1&readTimeout=5s")) {
            store.put("big.bin", data);
            try (BlobInputStream in = store.get("big.bin", ByteRange.of(1_000_000, 10))) {
                assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 1_000_000, 1_000_010));
            }
            try (BlobInputStream in = store.get("big.bin")) {
                assertThat(in.readNBytes(100)).isEqualTo(Arrays.copyOf(data, 100)); // closed early on purpose
            }
            assertThat(store.stat("big.bin").size()).isEqualTo(data.length);
            assertThat(store.getBytes("big.bin")).isEqualTo(data);
        }
    }

    @Test
    void activeModeTransfersWork() {
        try (BlobStore store = BlobStores.open(ftp.uri(folder()) + "?passive=false")) {
            store.put("dir/a.txt", new byte[] {4, 5});
            assertThat(store.getBytes("dir/a.txt")).containsExactly(4, 5);
            try (var keys = store.list(ListOptions.all())) {
                assertThat(keys.map(e -> e.key()).toList()).containsExactly("dir/a.txt");
            }
        }
    }

    @Test
    void temporaryFileNamesAreRefusedAsKeys() {
        try (BlobStore store = BlobStores.open(ftp.uri(folder()))) {
            assertThatThrownBy(() -> store.put("a/.stowage-tmp-x", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    @Test
    void unknownOptionIsMisconfigured() {
        assertThatThrownBy(() -> BlobStores.open(ftp.uri(folder()) + "?pasive=false"))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED));
    }
}
