package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.BlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestConnectionCommandTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("good") + cli.localStore("frozen", "readOnly: true") + cli.localStore("locked"));
        for (String name : new String[] {"good", "frozen", "locked"}) {
            try (BlobStore s = cli.open(name)) {
                s.put("hello.txt", new byte[] {'h', 'i'});
            }
        }
    }

    @Test
    void goodStorePassesEveryCheck() throws Exception {
        CliFixture.Result r = cli.run("test-connection", "good");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("store good = file://").containsPattern("OK\\s+open").containsPattern("OK\\s+list")
                .containsPattern("OK\\s+read\\s+read 1 byte of 'hello.txt'").containsPattern("OK\\s+write")
                .containsPattern("OK\\s+delete").contains("all 5 checks passed");
        try (BlobStore s = cli.open("good")) {
            assertThat(s.list(dev.stowage.ListOptions.all()).map(e -> e.key())).containsExactly("hello.txt");
        }
    }

    @Test
    void readOnlyStoreSkipsWriteChecks() {
        CliFixture.Result r = cli.run("test-connection", "frozen");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).containsPattern("OK\\s+read").containsPattern("SKIPPED\\s+write\\s+the store is read-only")
                .containsPattern("SKIPPED\\s+delete").contains("all 3 checks passed");
    }

    @Test
    void unwritableFolderReportsWriteFailed() throws Exception {
        Path root = cli.folder("locked");
        boolean immutable = makeUnwritable(root);
        try {
            CliFixture.Result r = cli.run("test-connection", "locked");
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.out()).containsPattern("OK\\s+list").containsPattern("OK\\s+read")
                    .containsPattern("FAILED\\s+write\\s+[A-Z_]+: ").containsPattern("SKIPPED\\s+delete")
                    .contains("1 of 4 checks failed");
        } finally {
            if (immutable) {
                run("chattr", "-i", root.toString());
            }
            Files.setPosixFilePermissions(root, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
    }

    @Test
    void unknownStoreNameListsTheConfiguredNames() {
        CliFixture.Result r = cli.run("test-connection", "nope");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("configured stores in").contains("good, frozen, locked");
    }

    /**
     * Takes write permission away from a folder. Root ignores permission bits, so there the folder is made
     * immutable instead; when neither works the test cannot prove anything and is skipped.
     * Returns whether the folder was made immutable.
     */
    private static boolean makeUnwritable(Path folder) throws Exception {
        Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!Files.isWritable(folder)) {
            return false;
        }
        boolean immutable = run("chattr", "+i", folder.toString());
        assumeTrue(immutable, "running as root without chattr support: no way to make a folder unwritable");
        return true;
    }

    private static boolean run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
