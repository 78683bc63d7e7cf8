package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An embedding application's registry gets the gateway's meters; /metrics keeps serving them. */
class GatewayMeterRegistryTest {
    @TempDir
    Path dir;

    @Test
    void theApplicationsRegistrySeesRequestsTransformsAndCacheFigures() throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("images")).toUri().toString());
        DemoImages.seed(store);
        SimpleMeterRegistry app = new SimpleMeterRegistry();
        try (GatewayServer gateway = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0)
                .meterRegistry(app).build(), Map.of("local", store))) {
            HttpTester http = new HttpTester(gateway.baseUri());

            assertThat(http.get("/v1/ex/local/gradient.jpg?w=40").statusCode()).isEqualTo(200);
            assertThat(http.get("/v1/ex/local/gradient.jpg?w=40").statusCode()).isEqualTo(200);
            assertThat(http.get("/local/missing.jpg").statusCode()).isEqualTo(404);

            assertThat(app.get("stowage.requests").tag("status", "200").counter().count()).isEqualTo(2);
            assertThat(app.get("stowage.requests").tag("status", "404").counter().count()).isEqualTo(1);
            assertThat(app.get("stowage.transform").timer().count()).isEqualTo(1);
            assertThat(app.get("stowage.variant.hits").counter().count()).isEqualTo(1);
            assertThat(app.get("stowage.cache.misses").functionCounter().count()).isPositive();
            assertThat(app.get("stowage.cache").gauge().value()).isPositive();
            assertThat(app.get("stowage.cache").gauge().getId().getBaseUnit()).isEqualTo("bytes");
            // the same figures on /metrics, in the Prometheus format
            assertThat(http.metric("stowage_transform_seconds_count")).isEqualTo(1);
            assertThat(http.body("/metrics")).contains("stowage_requests_total{status=\"404\"} 1");
        }
        // a closed gateway leaves nothing behind in the application's registry
        assertThat(app.find("stowage.requests").counters()).isEmpty();
        assertThat(app.find("stowage.cache").gauges()).isEmpty();
        // and the application's registry itself stays open for the application's own meters
        assertThat(app.isClosed()).isFalse();
        app.counter("still.open").increment();
        assertThat(app.get("still.open").counter().count()).isEqualTo(1);
        app.close();
    }
}
