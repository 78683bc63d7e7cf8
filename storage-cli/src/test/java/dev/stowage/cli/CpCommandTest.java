package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpCommandTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("src") + cli.localStore("dst"));
    }

    @Test
    void copiesALocalFileIntoAStore() throws Exception {
        Path file = dir.resolve("report.txt");
        Files.writeString(file, "hello report");
        CliFixture.Result r = cli.run("cp", "report.txt", "dst:docs/report.txt");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 1 object, ").contains(" 0 failed");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(new String(dst.getBytes("docs/report.txt"), StandardCharsets.UTF_8)).isEqualTo("hello report");
        }
    }

    @Test
    void copyIntoAFolderKeepsTheSourceName() throws Exception {
        Files.writeString(dir.resolve("a.txt"), "A");
        assertThat(cli.run("cp", "./a.txt", "dst:in/").exit()).isZero();
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.exists("in/a.txt")).isTrue();
        }
    }

    @Test
    void copiesAnObjectToALocalFile() throws Exception {
        try (BlobStore src = cli.open("src")) {
            src.put("x/data.bin", new byte[] {1, 2, 3});
        }
        CliFixture.Result r = cli.run("cp", "src:x/data.bin", "out/");
        assertThat(r.exit()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("out/data.bin"))).containsExactly(1, 2, 3);
        assertThat(Files.list(dir.resolve("out"))).hasSize(1); // no temporary file left behind
    }

    @Test
    void copiesAFolderTreeBetweenStoresWithBytesAndMetadataIntact() throws Exception {
        Map<String, byte[]> expected = new HashMap<>();
        Random random = new Random(42);
        try (BlobStore src = cli.open("src")) {
            for (int i = 0; i < 50; i++) {
                String key = "photos/" + (i % 3) + "/" + (i % 5) + "/img-" + i + ".jpg";
                byte[] data = new byte[random.nextInt(200_000)];
                random.nextBytes(data);
                expected.put(key, data);
                src.put(key, new ByteArrayInputStream(data), data.length, PutOptions.builder()
                        .contentType("image/jpeg").cacheControl("max-age=60")
                        .metadata(Map.of("index", String.valueOf(i))).build());
            }
            src.put("other/skip.txt", new byte[] {9});
        }
        CliFixture.Result r = cli.run("cp", "-r", "-j", "6", "src:photos", "dst:backup/photos/");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).matches("copied 50 objects, \\d+\\.\\d MiB in \\d+\\.\\ds \\(\\d+\\.\\d MiB/s\\), "
                + "verified 50 \\(50 by size only\\), 0 failed\\R");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.list(ListOptions.all()).map(ListEntry::key))
                    .hasSize(50).allMatch(k -> k.startsWith("backup/photos/"));
            for (Map.Entry<String, byte[]> e : expected.entrySet()) {
                String key = "backup/" + e.getKey();
                assertThat(dst.getBytes(key)).as(key).isEqualTo(e.getValue());
                BlobInfo info = dst.stat(key);
                assertThat(info.contentType()).isEqualTo("image/jpeg");
                assertThat(info.cacheControl()).isEqualTo("max-age=60");
                assertThat(info.userMetadata()).containsKey("index");
            }
        }
    }

    @Test
    void copiesAFolderTreeFromLocalFilesIntoAStoreUri() throws Exception {
        Files.createDirectories(dir.resolve("tree/a/b"));
        Files.writeString(dir.resolve("tree/a/b/one.txt"), "1");
        Files.writeString(dir.resolve("tree/two.txt"), "22");
        Path target = dir.resolve("uri-store");
        CliFixture.Result r = cli.run("cp", "-r", "tree", "file://" + target + "/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 2 objects, ");
        assertThat(Files.readString(target.resolve("a/b/one.txt"))).isEqualTo("1");
        assertThat(Files.readString(target.resolve("two.txt"))).isEqualTo("22");
    }

    @Test
    void copyOfAMissingSourceExitsOneWithAClearMessage() {
        CliFixture.Result r = cli.run("cp", "src:missing.txt", "dst:x.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: not found: get 'missing.txt' in store 'src'")
                .doesNotContain("\tat ");
        assertThat(r.out()).contains("copied 0 objects").contains("1 failed");
    }

    @Test
    void copyOfAMissingLocalFileNamesTheFile() {
        CliFixture.Result r = cli.run("cp", "nope.txt", "dst:x.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nope.txt").contains("not found");
    }

    @Test
    void aFailedObjectDoesNotStopTheOthers() throws Exception {
        try (BlobStore src = cli.open("src")) {
            src.put("f/ok1.txt", new byte[] {1});
            src.put("f/blocked.txt", new byte[] {2});
            src.put("f/ok2.txt", new byte[] {3});
        }
        // a folder where the file should go makes that one write fail
        Files.createDirectories(dir.resolve("out/blocked.txt/inner"));
        CliFixture.Result r = cli.run("cp", "-r", "src:f/", "out");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("blocked.txt");
        assertThat(r.out()).contains("copied 2 objects").contains("1 failed");
        assertThat(dir.resolve("out/ok1.txt")).exists();
        assertThat(dir.resolve("out/ok2.txt")).exists();
    }

    @Test
    void recursiveCopyOfAnEmptyFolderFails() {
        CliFixture.Result r = cli.run("cp", "-r", "src:nothing/", "dst:");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("nothing to copy");
    }
}
