package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.emulator.BunnyFake;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command with a store that keeps no content type (Bunny Storage, on its fake): {@code cp} drops what the
 * destination cannot store, says so once, and copies the bytes; {@code test-connection} writes its probe without one.
 */
class CpToBunnyTest {
    @TempDir
    Path dir;
    CliFixture cli;
    BunnyFake fake;

    @BeforeEach
    void setUp() throws Exception {
        fake = BunnyFake.start("zone", "pw");
        cli = new CliFixture(dir);
        cli.config("  cdn:\n    uri: bunny://zone/site?endpoint=" + fake.baseUrl() + "\n"
                + "    accessKey: pw\n");
    }

    @AfterEach
    void tearDown() {
        fake.close();
    }

    @Test
    void copyIntoAStoreWithoutContentTypesDropsGuessedTypesQuietlyAndCopiesTheBytes() throws Exception {
        Files.createDirectories(dir.resolve("www"));
        Files.writeString(dir.resolve("www/index.html"), "<h1>hi</h1>");
        Files.writeString(dir.resolve("www/style.css"), "h1{}");
        CliFixture.Result r = cli.run("cp", "-r", "www", "cdn:");
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(r.out()).startsWith("copied 2 objects, ");
        // a content type guessed from a local file's name is no loss, so dropping it is not worth a warning
        assertThat(r.err()).doesNotContain("cannot store");
        try (BlobStore store = BlobStores.open("bunny://zone/site?endpoint=" + fake.baseUrl() + "&accessKey=pw")) {
            assertThat(new String(store.getBytes("index.html"), StandardCharsets.UTF_8)).isEqualTo("<h1>hi</h1>");
            assertThat(new String(store.getBytes("style.css"), StandardCharsets.UTF_8)).isEqualTo("h1{}");
        }
    }

    @Test
    void testConnectionWritesItsProbeWithoutAContentType() {
        CliFixture.Result r = cli.run("test-connection", "cdn");
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.out()).doesNotContain("FAILED");
        assertThat(fake.filePaths()).isEmpty();
    }
}
