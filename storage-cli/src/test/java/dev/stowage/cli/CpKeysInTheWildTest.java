package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.testkit.emulator.B2Fake;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code cp -r} of a bucket holding S3-console folder markers ({@code photos/}): copied to object stores, skipped with
 * a note by targets with real folders, and the rest of the copy goes on.
 */
class CpKeysInTheWildTest {
    static S3ProxyEmulator s3;
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket("wild");
        try (BlobStore bucket = BlobStores.open(s3.storeUri("wild"))) {
            bucket.put("photos/", new byte[0]);
            bucket.put("photos/cat.jpg", "cat".getBytes(StandardCharsets.UTF_8));
            bucket.put("photos/2024/", new byte[0]);
            bucket.put("photos/2024/dog.jpg", "dog".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("dst") + "  bucket:\n    uri: " + s3.storeUri("wild") + "\n");
    }

    @Test
    void folderMarkersAreSkippedWithANoteWhenCopiedToLocalFiles() throws Exception {
        CliFixture.Result r = cli.run("cp", "-r", "bucket:photos/", "out");
        assertThat(r.exit()).isZero();
        assertThat(r.err()).contains("stowage: skipped").contains("photos/2024/").contains("folder marker");
        assertThat(r.out()).startsWith("copied 2 objects, ").contains("0 failed, 2 skipped");
        assertThat(Files.readString(dir.resolve("out/cat.jpg"))).isEqualTo("cat");
        assertThat(Files.readString(dir.resolve("out/2024/dog.jpg"))).isEqualTo("dog");
    }

    @Test
    void folderMarkersAreSkippedWithANoteWhenCopiedToAStoreWithRealFolders() throws Exception {
        CliFixture.Result r = cli.run("cp", "-r", "bucket:", "dst:backup/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("copied 2 objects").contains("2 skipped");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.list(ListOptions.all()).map(ListEntry::key))
                    .containsExactly("backup/photos/2024/dog.jpg", "backup/photos/cat.jpg");
        }
    }

    @Test
    void folderMarkersAreCopiedBetweenObjectStores() throws Exception {
        CliFixture.Result r = cli.run("cp", "-r", "bucket:photos/", "bucket:copy/");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 4 objects, ").doesNotContain("skipped");
        try (BlobStore bucket = BlobStores.open(s3.storeUri("wild"))) {
            assertThat(bucket.list(ListOptions.prefix("copy/")).map(ListEntry::key))
                    .containsExactly("copy/", "copy/2024/", "copy/2024/dog.jpg", "copy/cat.jpg");
        }
    }

    @Test
    void folderMarkersAreSkippedWithANoteWhenCopiedToB2WhichRefusesSuchNames() throws Exception {
        try (B2Fake b2 = B2Fake.start("key-id", "app-key", "b2bkt", "allPrivate")) {
            String b2Uri = "b2://b2bkt?authorizeUrl=" + b2.baseUrl() + "&applicationKeyId=key-id&applicationKey=app-key";
            cli.config("  bucket:\n    uri: " + s3.storeUri("wild") + "\n  b2:\n    uri: " + b2Uri + "\n");
            CliFixture.Result r = cli.run("cp", "-r", "bucket:photos/", "b2:copy/");
            assertThat(r.exit()).isZero();
            assertThat(r.err()).contains("stowage: skipped").contains("photos/2024/").contains("folder marker");
            assertThat(r.out()).startsWith("copied 2 objects, ").contains("0 failed, 2 skipped");
            try (BlobStore dst = BlobStores.open(b2Uri)) {
                assertThat(dst.list(ListOptions.all()).map(ListEntry::key))
                        .containsExactly("copy/2024/dog.jpg", "copy/cat.jpg");
            }
        }
    }
}
