package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * Keys written by someone else are hostile: against an embedded S3Proxy holding keys with ESC sequences and
 * newlines (written with the AWS SDK directly, since Stowage refuses such keys), ls, cp, rm and error lines print
 * them escaped, and rm -r and cp -r skip what they cannot handle and carry on.
 */
class HostileNamesTest {
    /** A key that, printed raw, clears the screen and forges a line of output. */
    static final String EVIL = "evil\u001b[2J\nall objects verified OK\u001b[0m.txt";
    static final String BIDI = "invoice\u202Efdp.exe";

    static S3ProxyEmulator s3;
    static int bucketCount;

    @TempDir
    Path dir;
    CliFixture cli;
    String bucketUri;
    BlobStore bucket;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyEmulator.start();
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        String name = "hostile" + (++bucketCount);
        s3.createBucket(name);
        bucketUri = s3.storeUri(name);
        cli = new CliFixture(dir);
        cli.config("  b:\n    uri: \"" + bucketUri + "\"\n" + cli.localStore("loc"));
        bucket = BlobStores.open(bucketUri);
        S3Client raw = bucket.unwrap(S3Client.class).orElseThrow();
        for (String key : List.of("f/a.txt", "f/" + EVIL, "f/z.txt", "f/" + BIDI)) {
            raw.putObject(b -> b.bucket(name).key(key), RequestBody.fromString("content of " + key.length()));
        }
    }

    @Test
    void lsPrintsControlAndBidiCharactersEscapedOneKeyPerLine() {
        CliFixture.Result r = cli.run("ls", "-r", "b:f/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("\u001b").doesNotContain("\u202E");
        assertThat(r.out().lines()).containsExactly("f/a.txt",
                "f/evil\\x1b[2J\\x0aall objects verified OK\\x1b[0m.txt", "f/invoice\\u202efdp.exe", "f/z.txt");
    }

    @Test
    void rmRecursiveReportsAKeyItCannotDeleteAndDeletesTheOthers() {
        CliFixture.Result r = cli.run("rm", "-r", "b:f/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\u001b").contains("evil\\x1b[2J\\x0aall objects verified OK")
                .contains("control character");
        assertThat(r.err().lines()).hasSize(1);
        assertThat(r.out()).isEqualToIgnoringNewLines("deleted 3 objects, 1 failed");
        try (Stream<ListEntry> left = bucket.list(ListOptions.all())) {
            assertThat(left.map(ListEntry::key)).containsExactly("f/" + EVIL);
        }
    }

    @Test
    void cpRecursiveSkipsAKeyItCannotReadReportsItEscapedAndCopiesTheRest() {
        CliFixture.Result r = cli.run("cp", "-r", "b:f/", "out/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\u001b").doesNotContain("\n" + "all objects")
                .contains("skipped b:f/evil\\x1b[2J\\x0aall objects verified OK\\x1b[0m.txt");
        assertThat(r.out()).startsWith("copied 3 objects").contains("1 failed");
        assertThat(dir.resolve("out/a.txt")).exists();
        assertThat(dir.resolve("out/z.txt")).exists();
        assertThat(dir.resolve("out/" + BIDI)).exists();
    }

    @Test
    void syncWithDeleteReportsATargetKeyItCannotDeleteAndDeletesTheOthers() throws Exception {
        Files.createDirectories(dir.resolve("one"));
        Path same = Files.writeString(dir.resolve("one/a.txt"), "content of " + "f/a.txt".length());
        Files.setLastModifiedTime(same, java.nio.file.attribute.FileTime.from(java.time.Instant.now().minusSeconds(3600)));
        CliFixture.Result r = cli.run("sync", "--delete", "one", "b:f/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\u001b").contains("delete b:f/evil\\x1b[2J\\x0aall objects");
        assertThat(r.out()).contains("skipped 1 (same), deleted 2, 1 failed");
        try (Stream<ListEntry> left = bucket.list(ListOptions.all())) {
            assertThat(left.map(ListEntry::key)).containsExactly("f/a.txt", "f/" + EVIL);
        }
    }

    @Test
    void errorLinesEscapeWhatTheUserOrTheStoreSupplied() {
        CliFixture.Result r = cli.run("ls", "no-store\u001b[31m\n:x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).doesNotContain("\u001b").contains("\\x1b[31m\\x0a");
        assertThat(r.err().lines()).hasSize(1);
    }

    @Test
    void statEscapesTheKeyItPrints() {
        CliFixture.Result r = cli.run("stat", "b:f/" + BIDI);
        assertThat(r.exit()).isZero();
        assertThat(r.out()).doesNotContain("\u202E").contains("key            f/invoice\\u202efdp.exe");
    }

    @Test
    void lsOfALocalStorePrintsABidiOverrideEscaped() throws Exception {
        try (BlobStore loc = cli.open("loc")) {
            loc.put(BIDI, new byte[] {1});
        }
        CliFixture.Result r = cli.run("ls", "-l", "loc:");
        assertThat(r.out()).doesNotContain("\u202E").contains("invoice\\u202efdp.exe");
    }

    @Test
    void cpAndSyncToS3AreVerifiedAgainstWhatS3ProxyReportsStored() throws Exception {
        Files.createDirectories(dir.resolve("up/sub"));
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        new java.util.Random(7).nextBytes(big);
        Files.write(dir.resolve("up/sub/big.bin"), big);
        Files.writeString(dir.resolve("up/small.txt"), "x".repeat(55));
        CliFixture.Result r = cli.run("cp", "-r", "up", "b:copy/");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("copied 2 objects").contains("verified 2 (");
        assertThat(bucket.stat("copy/sub/big.bin").size()).isEqualTo(big.length);
        assertThat(bucket.getBytes("copy/sub/big.bin")).isEqualTo(big);

        CliFixture.Result again = cli.run("sync", "up", "b:copy/");
        assertThat(again.exit()).isZero();
        assertThat(again.out()).contains("copied 0 objects").contains("skipped 2 (same), deleted 0, 0 failed");

        Files.delete(dir.resolve("up/small.txt"));
        Files.writeString(dir.resolve("up/other.txt"), "y".repeat(10));
        CliFixture.Result mirror = cli.run("sync", "--delete", "up", "b:copy/");
        assertThat(mirror.exit()).isZero();
        assertThat(mirror.out()).contains("copied 1 object").contains("skipped 1 (same), deleted 1, 0 failed");
        try (Stream<ListEntry> copy = bucket.list(ListOptions.prefix("copy/"))) {
            assertThat(copy.map(ListEntry::key)).containsExactly("copy/other.txt", "copy/sub/big.bin");
        }
    }
}
