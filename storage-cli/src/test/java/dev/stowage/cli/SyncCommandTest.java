package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** sync copies what differs, verifies it, deletes extras only after every copy succeeded, and can just say. */
class SyncCommandTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("src") + cli.localStore("dst"));
        try (BlobStore src = cli.open("src"); BlobStore dst = cli.open("dst")) {
            src.put("p/same.txt", bytes("same"));
            src.put("p/changed.txt", bytes("new, longer content"));
            src.put("p/new.txt", bytes("new"));
            dst.put("p/same.txt", bytes("same"));
            dst.put("p/changed.txt", bytes("old"));
            dst.put("p/extra.txt", bytes("only in the target"));
            dst.put("elsewhere.txt", bytes("outside the synced folder"));
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private List<String> keys(String store) throws Exception {
        try (BlobStore s = cli.open(store); Stream<ListEntry> all = s.list(ListOptions.all())) {
            return all.map(ListEntry::key).toList();
        }
    }

    @Test
    void syncCopiesOnlyWhatIsMissingOrDifferentAndKeepsExtrasWithoutDelete() throws Exception {
        CliFixture.Result r = cli.run("sync", "src:p/", "dst:p/");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 2 objects").contains("verified 2 (2 by size only)")
                .contains("skipped 1 (same), deleted 0, 0 failed");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.getBytes("p/changed.txt")).isEqualTo(bytes("new, longer content"));
            assertThat(dst.getBytes("p/new.txt")).isEqualTo(bytes("new"));
        }
        assertThat(keys("dst")).containsExactly("elsewhere.txt", "p/changed.txt", "p/extra.txt", "p/new.txt",
                "p/same.txt");
    }

    @Test
    void syncWithDeleteRemovesTargetObjectsMissingFromTheSourceOnlyInsideTheFolder() throws Exception {
        CliFixture.Result r = cli.run("sync", "--delete", "-j", "2", "src:p", "dst:p");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("skipped 1 (same), deleted 1, 0 failed");
        assertThat(keys("dst")).containsExactly("elsewhere.txt", "p/changed.txt", "p/new.txt", "p/same.txt");
    }

    @Test
    void aSecondSyncCopiesNothing() {
        assertThat(cli.run("sync", "src:p/", "dst:p/").exit()).isZero();
        CliFixture.Result again = cli.run("sync", "src:p/", "dst:p/");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).startsWith("copied 0 objects").contains("skipped 3 (same)");
    }

    @Test
    void dryRunPrintsWhatItWouldDoAndChangesNothing() throws Exception {
        List<String> before = keys("dst");
        CliFixture.Result r = cli.run("sync", "--dry-run", "--delete", "src:p/", "dst:p/");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly(
                "would copy changed.txt (size 19 differs from the target's 3)",
                "would copy new.txt (missing from the target)",
                "would delete extra.txt",
                "would copy 2, skip 1 (same), delete 1");
        assertThat(keys("dst")).isEqualTo(before);
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.getBytes("p/changed.txt")).isEqualTo(bytes("old"));
        }
    }

    @Test
    void nothingIsDeletedWhenACopyFailed() throws Exception {
        Path target = dir.resolve("bad");
        Files.createDirectories(target);
        Files.writeString(target.resolve("extra.txt"), "only in the target");
        String uri = "corrupting://" + target.toAbsolutePath() + "/?corrupt=flip&digests=true";
        CliFixture.Result r = cli.run("sync", "--delete", "src:p/", uri);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("does not match").contains("not deleting the 1 target objects missing from "
                + "the source, because 3 failed");
        assertThat(r.out()).contains("deleted 0, 3 failed");
        assertThat(target.resolve("extra.txt")).exists();
        assertThat(target.resolve("same.txt")).doesNotExist(); // the corrupt copies were removed
    }

    @Test
    void aLocalFileOfTheSameSizeButOtherContentIsCopiedWhenTheTargetReportsADigest() throws Exception {
        Path local = Files.createDirectories(dir.resolve("local"));
        Path file = Files.writeString(local.resolve("a.txt"), "AAAA");
        Path target = Files.createDirectories(dir.resolve("digesting"));
        String uri = "corrupting://" + target.toAbsolutePath() + "/?digests=true";
        assertThat(cli.run("cp", "local/a.txt", uri).exit()).isZero();
        // same size, older than the copy: only the digest can tell the content changed
        Files.writeString(file, "BBBB");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minusSeconds(3600)));
        CliFixture.Result r = cli.run("sync", "local", uri);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 1 object").contains("verified 1 (0 by size only)");
        assertThat(Files.readString(target.resolve("a.txt"))).isEqualTo("BBBB");
        CliFixture.Result again = cli.run("sync", "local", uri);
        assertThat(again.out()).startsWith("copied 0 objects").contains("skipped 1 (same)");
    }

    @Test
    void anEmptyOrMistypedSourceDeletesNothing() throws Exception {
        CliFixture.Result r = cli.run("sync", "--delete", "src:typo/", "dst:p/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nothing to sync: no objects under src:typo/");
        assertThat(keys("dst")).contains("p/extra.txt", "p/same.txt");
    }

    @Test
    void syncIntoAFolderInsideTheSourceIsRefused() {
        CliFixture.Result r = cli.run("sync", "--delete", "src:", "src:p/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("SRC and DST overlap");
    }

    @Test
    void syncIntoALocalFolderThatDoesNotExistYetCopiesEverything() {
        CliFixture.Result r = cli.run("sync", "src:p/", "out/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 3 objects");
        assertThat(dir.resolve("out/new.txt")).hasContent("new");
    }
}
