package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Local trees: links are not followed out of them, reading creates nothing, and whole stores need --force. */
class LocalSafetyTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("dst"));
        Files.createDirectories(dir.resolve("tree/sub"));
        Files.writeString(dir.resolve("tree/plain.txt"), "plain");
        Files.createDirectories(dir.resolve("outside/secrets"));
        Files.writeString(dir.resolve("outside/secret.key"), "private key");
        Files.writeString(dir.resolve("outside/secrets/db.txt"), "password");
        Files.createSymbolicLink(dir.resolve("tree/link.key"), dir.resolve("outside/secret.key"));
        Files.createSymbolicLink(dir.resolve("tree/sub/linked-folder"), dir.resolve("outside/secrets"));
    }

    private static String[] names(Path folder) throws Exception {
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(p -> p.getFileName().toString()).sorted().toArray(String[]::new);
        }
    }

    @Test
    void cpRecursiveFromALocalTreeSkipsSymbolicLinksAndSaysSo() throws Exception {
        CliFixture.Result r = cli.run("cp", "-r", "tree", "dst:t/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 1 object");
        assertThat(r.err().lines()).hasSize(2).allMatch(l -> l.startsWith("stowage: warning: skipped ")
                && l.endsWith("a symbolic link, not followed (-L follows links)"));
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.exists("t/plain.txt")).isTrue();
            assertThat(dst.exists("t/link.key")).isFalse();
            assertThat(dst.exists("t/sub/linked-folder/db.txt")).isFalse();
        }
    }

    @Test
    void cpRecursiveWithFollowLinksCopiesWhatTheLinksPointTo() throws Exception {
        CliFixture.Result r = cli.run("cp", "-r", "-L", "tree", "dst:t/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 3 objects");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.getBytes("t/link.key")).isEqualTo("private key".getBytes());
            assertThat(dst.getBytes("t/sub/linked-folder/db.txt")).isEqualTo("password".getBytes());
        }
    }

    @Test
    void cpRecursiveReportsALocalFileWhoseNameNoStoreTakesAndCopiesTheRest() throws Exception {
        Files.writeString(dir.resolve("tree/sub/bad\u001b[2J\nname.txt"), "x");
        CliFixture.Result r = cli.run("cp", "-r", "tree", "dst:t/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).doesNotContain("\u001b").contains("bad\\x1b[2J\\x0aname.txt");
        assertThat(r.out()).startsWith("copied 1 object").contains("1 failed");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.exists("t/plain.txt")).isTrue();
        }
    }

    @Test
    void aTreeNamedThroughALinkIsCopiedButLinksInsideItAreNot() throws Exception {
        Path link = Files.createSymbolicLink(dir.resolve("tree-link"), dir.resolve("tree"));
        CliFixture.Result r = cli.run("cp", "-r", link.toString(), "dst:viaLink/");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).startsWith("copied 1 object");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.exists("viaLink/plain.txt")).isTrue();
            assertThat(dst.exists("viaLink/link.key")).isFalse();
        }
    }

    @Test
    void lsOfALocalFolderCreatesNothingInIt() throws Exception {
        CliFixture.Result r = cli.run("ls", "-r", "file://" + dir.resolve("outside").toAbsolutePath() + "/");
        assertThat(r.exit()).isZero();
        assertThat(r.out().lines()).containsExactly("secret.key", "secrets/db.txt");
        assertThat(names(dir.resolve("outside"))).containsExactly("secret.key", "secrets");
    }

    @Test
    void lsOfAMissingLocalFolderFailsWithoutCreatingIt() {
        Path missing = dir.resolve("not-there");
        CliFixture.Result r = cli.run("ls", "file://" + missing.toAbsolutePath() + "/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not found").contains("no such folder");
        assertThat(missing).doesNotExist();
    }

    @Test
    void statAndCatOfAKeyInAMissingLocalFolderFailWithoutCreatingIt() {
        Path missing = dir.resolve("not-there");
        for (String command : new String[] {"stat", "cat"}) {
            CliFixture.Result r = cli.run(command, "file://" + missing.toAbsolutePath() + "/a.jpg");
            assertThat(r.exit()).as(command).isEqualTo(1);
            assertThat(r.err()).as(command).contains("not found").contains("no such folder");
            assertThat(missing).as(command).doesNotExist();
        }
    }

    @Test
    void statAndCatOfAConfiguredStoreWhoseFolderIsMissingCreateNothing() throws Exception {
        cli.config(cli.localStore("dst") + cli.localStore("gone"));
        for (String command : new String[] {"stat", "cat"}) {
            CliFixture.Result r = cli.run(command, "gone:a.jpg");
            assertThat(r.exit()).as(command).isEqualTo(1);
            assertThat(r.err()).as(command).contains("not found").contains("no such folder");
            assertThat(cli.folder("gone")).as(command).doesNotExist();
        }
    }

    @Test
    void aStoreFolderReadAsACopySourceGetsNoTemporaryFolder() throws Exception {
        CliFixture.Result r = cli.run("cp", "-r", "file://" + dir.resolve("outside/secrets").toAbsolutePath() + "/",
                "dst:copied/");
        assertThat(r.exit()).isZero();
        assertThat(names(dir.resolve("outside/secrets"))).containsExactly("db.txt");
    }

    @Test
    void rmRecursiveOfAWholeStoreNeedsForce() throws Exception {
        try (BlobStore dst = cli.open("dst")) {
            dst.put("a.txt", new byte[] {1});
            dst.put("f/b.txt", new byte[] {2});
        }
        CliFixture.Result refused = cli.run("rm", "-r", "dst:");
        assertThat(refused.exit()).isEqualTo(2);
        assertThat(refused.err()).contains("'dst:' is a whole store").contains("--force");
        try (BlobStore dst = cli.open("dst")) {
            assertThat(dst.exists("a.txt")).isTrue();
        }
        CliFixture.Result forced = cli.run("rm", "-r", "--force", "dst:");
        assertThat(forced.exit()).isZero();
        assertThat(forced.out()).isEqualToIgnoringNewLines("deleted 2 objects");
    }

    @Test
    void rmRecursiveOfALocalFolderAsAStoreNeedsForceToo() {
        CliFixture.Result r = cli.run("rm", "-r", "file://" + dir.resolve("outside").toAbsolutePath() + "/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("--force");
        assertThat(dir.resolve("outside/secret.key")).exists();
    }

    @Test
    void theRefusalOfAFileSystemRootSaysSo() {
        // checked on the parsed location only: this test must never run rm -r on '/'
        LocationParser parser = new LocationParser(() -> dev.stowage.StoreRegistry.of(java.util.List.of()),
                () -> null, dir);
        Location root = parser.parse("file:///", LocationParser.Mode.ANY, false);
        assertThat(root.key()).isEmpty();
        assertThat(RmCommand.wholeStoreRefusal(root)).contains("is a file-system root: rm -r would delete every "
                + "file on it").contains("--force");
    }
}
