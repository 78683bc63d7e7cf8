package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.testkit.emulator.VsftpdServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * FTPS against vsftpd with its default {@code require_ssl_reuse=YES}: every data connection must resume the
 * control connection's TLS session. Before the driver did, every transfer failed with "522 SSL connection failed:
 * session reuse required" and each failed put left a 0-byte temporary file.
 */
class VsftpdFtpsTest {
    static VsftpdServer vsftpd;

    @BeforeAll
    static void start() {
        vsftpd = VsftpdServer.startTls();
    }

    @AfterAll
    static void stop() {
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    @Test
    void uploadsDownloadsAndListingsInTurnOnOneConnectionAllResumeTheSession() throws Exception {
        // one connection: each data connection must leave the next one a session to resume
        try (BlobStore store = BlobStores.open(vsftpd.uri("reuse") + "&maxConnections=1")) {
            for (int i = 0; i < 4; i++) {
                store.put("k" + i + ".txt", ("v" + i).getBytes());
                store.put("k" + i + ".txt", ("w" + i).getBytes());
                assertThat(new String(store.getBytes("k" + i + ".txt"))).isEqualTo("w" + i);
                try (Stream<ListEntry> all = store.list(ListOptions.all())) {
                    assertThat(all.count()).isEqualTo(i + 1);
                }
            }
        }
        try (Stream<Path> files = Files.walk(vsftpd.root().resolve("reuse"))) {
            assertThat(files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".stowage-tmp-")))
                    .as("temporary files left by failed puts").isEmpty();
        }
    }
}
