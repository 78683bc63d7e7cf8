package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.emulator.PureFtpdServer;
import java.nio.file.NoSuchFileException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pure-ftpd 1.0.50: its MLST times are to the second, but its {@code unique} fact tells file versions apart. */
class PureFtpdTest {
    static PureFtpdServer pureFtpd;

    @BeforeAll
    static void start() {
        pureFtpd = PureFtpdServer.start();
    }

    @AfterAll
    static void stop() {
        if (pureFtpd != null) {
            pureFtpd.close();
        }
    }

    @Test
    void eachSameSizeOverwriteChangesTheEtagAndStatListAndPutAgree() {
        try (BlobStore store = BlobStores.open(pureFtpd.uri("etags"))) {
            String previous = null;
            for (int i = 0; i < 10; i++) {
                String put = store.put("same.txt", ("v" + i).getBytes()).etag();
                String stat = store.stat("same.txt").etag();
                String listed;
                try (Stream<ListEntry> all = store.list(ListOptions.all())) {
                    listed = all.findFirst().orElseThrow().info().etag();
                }
                assertThat(stat).isEqualTo(put).isEqualTo(listed);
                assertThat(stat).as("overwrite " + i + " changes the ETag").isNotEqualTo(previous);
                previous = stat;
            }
        }
    }

    /**
     * pure-ftpd refuses a STOR into a folder that is gone with "553 Can't open that file: No such file or directory".
     * A delete elsewhere prunes a folder it leaves empty, possibly just before a write stores into it; the session
     * says "missing" then, so the write makes the folder again instead of failing as a refusal.
     */
    @Test
    void storeIntoAFolderThatIsGoneIsSaidAsMissingNotRefused() throws Exception {
        try (BlobStore store = BlobStores.open(pureFtpd.uri("vanished"))) {
            store.put("keep.txt", "k".getBytes()); // makes the store's folder
        }
        FtpSession session = new FtpConnector(FtpSettings.from(StoreConfig.parse(pureFtpd.uri("vanished")))).connect();
        try {
            assertThatThrownBy(() -> session.create("gone/x.tmp").close())
                    .isInstanceOf(NoSuchFileException.class).hasMessageContaining("gone/x.tmp")
                    .hasRootCauseInstanceOf(FtpReplyException.class);
            try (var out = session.create("keep-2.txt")) {
                out.write('k'); // the session is still usable afterwards
            }
        } finally {
            session.disconnect();
        }
    }
}
