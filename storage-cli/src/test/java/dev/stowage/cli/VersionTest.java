package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionTest {
    @TempDir
    Path dir;

    @Test
    void versionIsTheOneTheBuildWasMadeAs() {
        String built = System.getProperty("stowage.builtVersion");
        assertThat(built).as("set by the build for this test").isNotBlank();

        CliFixture.Result r = new CliFixture(dir).run("--version");

        assertThat(r.exit()).isZero();
        assertThat(r.out().lines().findFirst()).hasValue("stowage " + built);
        assertThat(r.out()).contains("Java " + System.getProperty("java.version"));
    }
}
