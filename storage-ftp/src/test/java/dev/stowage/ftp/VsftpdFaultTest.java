package dev.stowage.ftp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.LocalFileServer;
import dev.stowage.testkit.emulator.VsftpdServer;
import dev.stowage.testkit.faults.FaultyContent;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Failed and cut-off writes on vsftpd: what they leave behind, and errors that say whether retrying can help. */
class VsftpdFaultTest {
    static VsftpdServer vsftpd;

    @BeforeAll
    static void start() {
        // *.secret names are hidden from listings, as some sites configure: a rename that "succeeds" but hides
        vsftpd = VsftpdServer.start(false, List.of("hide_file={*.secret}"));
    }

    @AfterAll
    static void stop() {
        if (vsftpd != null) {
            vsftpd.close();
        }
    }

    static String folder() {
        return "f-" + UUID.randomUUID().toString().substring(0, 8);
    }

    static List<String> temporaryFiles(LocalFileServer server, String folder) throws IOException {
        try (Stream<Path> files = Files.walk(server.root().resolve(folder))) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".stowage-tmp-")).toList();
        }
    }

    /** 8 MiB of sevens; after the first MiB it drops every connection the server has, then goes on. */
    static InputStream droppingConnectionsAfterOneMebibyte(LocalFileServer server) {
        return FaultyContent.actingAfter(8 << 20, 1 << 20, server::dropConnections);
    }

    @Test
    void putCutOffByADroppedControlConnectionLeavesNoTemporaryFile() throws Exception {
        String folder = folder();
        try (BlobStore store = BlobStores.open(vsftpd.uri(folder))) {
            store.put("dir/before.txt", new byte[] {1});
            assertThatThrownBy(() -> store.put("dir/half.bin", ContentSource.ofStream(
                    droppingConnectionsAfterOneMebibyte(vsftpd), 8 << 20), PutOptions.defaults()))
                    .isInstanceOf(StorageException.class);
            assertThat(temporaryFiles(vsftpd, folder)).isEmpty();
            assertThat(store.exists("dir/half.bin")).isFalse();
        }
    }

    @Test
    void staleTemporaryFilesAreRemovedByListingsSoThatDeletingTheLastObjectRemovesTheFolder() throws Exception {
        String folder = folder();
        try (BlobStore store = BlobStores.open(vsftpd.uri(folder))) {
            store.put("d/keep.txt", new byte[] {1});
            Path dir = vsftpd.root().resolve(folder).resolve("d");
            // what a client killed mid-upload leaves: an hour old, and one still being written
            Path stale = Files.write(dir.resolve(".stowage-tmp-killed"), new byte[1000]);
            Files.setLastModifiedTime(stale, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
            Path fresh = Files.write(dir.resolve(".stowage-tmp-in-progress"), new byte[10]);
            try (Stream<ListEntry> all = store.list(ListOptions.all())) {
                assertThat(all.map(ListEntry::key).toList()).containsExactly("d/keep.txt");
            }
            assertThat(stale).doesNotExist();
            assertThat(fresh).exists();
            Files.delete(fresh);
            store.delete("d/keep.txt");
            assertThat(dir).doesNotExist();
        }
    }

    @Test
    void aRenamedFileTheServerHidesIsAnErrorThatRetryingCannotHelp() {
        try (BlobStore store = BlobStores.open(vsftpd.uri(folder()))) {
            assertThatThrownBy(() -> store.put("a.secret", new byte[] {1}))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.retryable()).isFalse();
                        assertThat(e.hint()).contains("hides");
                    });
        }
    }

    @Test
    void putWithContentTypeMetadataOrCacheControlIsRefusedNamingTheOption() {
        String folder = folder();
        try (BlobStore store = BlobStores.open(vsftpd.uri(folder))) {
            for (var c : List.of(
                    new Object[] {"contentType", PutOptions.builder().contentType("image/png").build()},
                    new Object[] {"cacheControl", PutOptions.builder().cacheControl("max-age=60").build()},
                    new Object[] {"metadata", PutOptions.builder().metadata(java.util.Map.of("a", "b")).build()})) {
                assertThatThrownBy(() -> store.put("x.bin", ContentSource.ofBytes(new byte[] {1}), (PutOptions) c[1]))
                        .isInstanceOfSatisfying(StorageException.class, e -> {
                            assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
                            assertThat(e.getMessage()).contains((String) c[0]);
                        });
            }
            assertThat(store.exists("x.bin")).isFalse();
        }
    }
}
