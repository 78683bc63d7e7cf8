package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.transform.TransformLimits;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The transform module's safety limits, as HTTP statuses. */
class GatewayLimitsTest {
    @TempDir
    Path dir;

    @Test
    void sourceOverTheByteLimitGives413AndOversizeOutputGives422() throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("images")).toUri().toString());
        DemoImages.seed(store);
        long small = store.stat("shapes.png").size();
        TransformLimits limits = TransformLimits.builder().maxSourceBytes(small + 1).maxOutputPixels(500 * 500).build();
        try (GatewayServer gateway = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0).limits(limits)
                .build(), Map.of("demo", store))) {
            HttpTester http = new HttpTester(gateway.baseUri());

            HttpResponse<byte[]> big = http.get("/demo/tr:w-10/poster.jpg");
            assertThat(big.statusCode()).isEqualTo(413);
            assertThat(new String(big.body(), StandardCharsets.UTF_8)).contains("maxSourceBytes");

            assertThat(http.get("/v1/ex/demo/shapes.png?w=1000&h=1000").statusCode()).isEqualTo(422);
            assertThat(http.get("/v1/ex/demo/shapes.png?w=100&h=100").statusCode()).isEqualTo(200);
            assertThat(http.get("/demo/poster.jpg").statusCode()).as("originals are not limited").isEqualTo(200);
        }
    }
}
