package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ListStatCatTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("photos"));
        try (BlobStore s = cli.open("photos")) {
            s.put("top.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
            s.put("2024/a.jpg", "aaa".getBytes(StandardCharsets.UTF_8));
            s.put("2024/b.jpg", "bbbb".getBytes(StandardCharsets.UTF_8));
            byte[] c = "c".getBytes(StandardCharsets.UTF_8);
            s.put("2024/deep/c.jpg", new ByteArrayInputStream(c), c.length, PutOptions.builder()
                    .contentType("image/jpeg").metadata(Map.of("author", "ann")).build());
        }
    }

    @Test
    void lsListsDirectChildrenWithFoldersEndingInSlash() {
        CliFixture.Result r = cli.run("ls", "photos:");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("2024/", "top.txt");
    }

    @Test
    void lsOfAFolderWithoutTrailingSlashListsItsChildren() {
        CliFixture.Result r = cli.run("ls", "photos:2024");
        assertThat(r.out().lines()).containsExactly("2024/a.jpg", "2024/b.jpg", "2024/deep/");
    }

    @Test
    void lsRecursiveListsEveryObject() {
        CliFixture.Result r = cli.run("ls", "-r", "photos:");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("2024/a.jpg", "2024/b.jpg", "2024/deep/c.jpg", "top.txt");
    }

    @Test
    void lsLongShowsSizeLastModifiedAndEtag() {
        CliFixture.Result r = cli.run("ls", "-l", "photos:2024/");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).hasSize(3);
        String first = r.out().lines().findFirst().orElseThrow();
        String[] cols = first.trim().split("\\s+");
        assertThat(cols[0]).isEqualTo("3");
        assertThat(cols[1]).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(cols[2]).isNotEqualTo("-");
        assertThat(cols[3]).isEqualTo("2024/a.jpg");
        assertThat(r.out()).contains("DIR").contains("2024/deep/");
    }

    @Test
    void lsOfAnObjectShowsThatObject() {
        assertThat(cli.run("ls", "photos:top.txt").out().lines()).containsExactly("top.txt");
    }

    @Test
    void lsOfAMissingFolderFailsWithNotFound() {
        CliFixture.Result r = cli.run("ls", "photos:nothing/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: not found: ");
    }

    @Test
    void lsOfAFolderInsideALocalStoreUriListsKeysOfThatStore() {
        CliFixture.Result r = cli.run("ls", "-r", "file://" + cli.folder("photos") + "/2024/");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("2024/a.jpg", "2024/b.jpg", "2024/deep/c.jpg");
    }

    @Test
    void lsOfAPlainFolderUriListsItsFiles() throws Exception {
        java.nio.file.Path plain = dir.resolve("plain/sub");
        java.nio.file.Files.createDirectories(plain);
        java.nio.file.Files.writeString(plain.resolve("x.txt"), "x");
        CliFixture.Result r = cli.run("ls", "-r", "file://" + dir.resolve("plain"));
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("sub/x.txt");
    }

    @Test
    void statPrintsMetadata() {
        CliFixture.Result r = cli.run("stat", "photos:2024/deep/c.jpg");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("key\\s+2024/deep/c.jpg").containsPattern("size\\s+1\\n")
                .containsPattern("contentType\\s+image/jpeg").containsPattern("metadata.author\\s+ann")
                .containsPattern("etag\\s+\\S+").containsPattern("lastModified\\s+\\d{4}-");
    }

    @Test
    void statOfAMissingObjectExitsOneWithNotFound() {
        CliFixture.Result r = cli.run("stat", "photos:missing.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: not found: stat 'missing.txt' in store 'photos'")
                .doesNotContain("Exception").doesNotContain("\tat ");
    }

    @Test
    void catWritesTheObjectsBytes() {
        CliFixture.Result r = cli.run("cat", "photos:top.txt");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualTo("0123456789");
    }

    @Test
    void catWithRangeWritesOnlyThoseBytes() {
        assertThat(cli.run("cat", "--range", "2-5", "photos:top.txt").out()).isEqualTo("2345");
        assertThat(cli.run("cat", "--range", "7-", "photos:top.txt").out()).isEqualTo("789");
        assertThat(cli.run("cat", "--range", "-3", "photos:top.txt").out()).isEqualTo("789");
    }

    @Test
    void catWithMalformedRangeIsAUsageError() {
        CliFixture.Result r = cli.run("cat", "--range", "5-2", "photos:top.txt");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid --range '5-2'");
    }

    @Test
    void catOfAFolderIsAUsageErrorNamingTheLocation() {
        CliFixture.Result r = cli.run("cat", "photos:2024/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'photos:2024/' names a folder, not an object");
    }

    @Test
    void debugPrintsTheStackTrace() {
        CliFixture.Result r = cli.run("stat", "--debug", "photos:missing.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("StorageException").contains("\tat ");
    }
}
