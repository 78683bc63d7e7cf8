package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.transform.EngineChoice;
import dev.stowage.transform.ImageTransformer;
import dev.stowage.transform.TransformLimits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image engine a gateway runs on is chosen by its options and shown by {@code /health}. */
class GatewayEngineTest {
    @TempDir
    Path dir;

    private GatewayServer start(EngineChoice engine) throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("images")).toUri().toString());
        DemoImages.seed(store);
        return GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0).engine(engine).build(),
                Map.of("demo", store));
    }

    @Test
    void forcedJavaEngineTransformsAndIsShownByHealth() throws Exception {
        try (GatewayServer gateway = start(EngineChoice.JAVA)) {
            HttpTester http = new HttpTester(gateway.baseUri());
            assertThat(gateway.gateway().engine()).startsWith("java");
            String health = new String(http.get("/health").body(), StandardCharsets.UTF_8);
            assertThat(health).contains("\"engine\":\"java");
            HttpResponse<byte[]> variant = http.get("/v1/ex/demo/gradient.jpg?w=64&h=64&fit=cover");
            assertThat(variant.statusCode()).isEqualTo(200);
        }
    }

    @Test
    void autoPicksLibvipsWhereItIsInstalled() throws Exception {
        boolean vips = new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.AUTO).engine().toString()
                .startsWith("libvips");
        if (!vips) {
            String missing = "libvips is not installed; run storage-transform/scripts/install-libvips.sh";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new AssertionError(missing + " (CI=true, so this is a failure)");
            }
            Assumptions.abort("skipped: " + missing);
        }
        try (GatewayServer gateway = start(EngineChoice.AUTO)) {
            HttpTester http = new HttpTester(gateway.baseUri());
            assertThat(new String(http.get("/health").body(), StandardCharsets.UTF_8)).contains("\"engine\":\"libvips");
            assertThat(http.get("/demo/tr:w-80,h-80/poster.jpg").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void anEngineNameThatDoesNotExistIsRefusedNamingTheChoices() {
        assertThatThrownBy(() -> EngineChoice.parse("magick")).hasMessageContaining("auto, vips or java");
    }
}
