package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.ListOptions;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RmUrlTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("web", "publicUrlBase: https://cdn.example.com/assets/") + cli.localStore("plain"));
        try (BlobStore s = cli.open("web")) {
            s.put("keep.txt", new byte[] {1});
            s.put("old/a.txt", new byte[] {1});
            s.put("old/deep/b.txt", new byte[] {1});
            s.put("older.txt", new byte[] {1});
        }
    }

    @Test
    void rmDeletesOneObject() throws Exception {
        CliFixture.Result r = cli.run("rm", "web:keep.txt");
        assertThat(r.exit()).isZero();
        try (BlobStore s = cli.open("web")) {
            assertThat(s.exists("keep.txt")).isFalse();
        }
    }

    @Test
    void rmOfAMissingObjectExitsOne() {
        CliFixture.Result r = cli.run("rm", "web:missing.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: not found: delete 'missing.txt' in store 'web'").contains("rm -r");
    }

    @Test
    void rmRecursiveDeletesEverythingUnderTheFolderOnly() throws Exception {
        CliFixture.Result r = cli.run("rm", "-r", "web:old");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualToIgnoringNewLines("deleted 2 objects");
        try (BlobStore s = cli.open("web")) {
            assertThat(s.list(ListOptions.all()).map(e -> e.key())).containsExactly("keep.txt", "older.txt");
        }
    }

    @Test
    void urlPrintsThePublicUrlFromPublicUrlBase() {
        CliFixture.Result r = cli.run("url", "web:old/deep/b c.txt");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).isEqualToIgnoringNewLines("https://cdn.example.com/assets/old/deep/b%20c.txt");
    }

    @Test
    void urlWithoutPublicAddressExitsOneWithHint() {
        CliFixture.Result r = cli.run("url", "plain:a.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: unsupported: public_url 'a.txt' in store 'plain'")
                .contains("publicUrlBase");
    }

    @Test
    void signedUrlOnAStoreThatCannotSignExitsOne() {
        CliFixture.Result r = cli.run("url", "--signed", "15m", "web:keep.txt");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("unsupported").contains("signed URLs");
    }

    @Test
    void malformedDurationIsAUsageError() {
        CliFixture.Result r = cli.run("url", "--signed", "soon", "web:keep.txt");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("'soon' is not a duration");
    }
}
