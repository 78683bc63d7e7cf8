package dev.stowage.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.gateway.DemoImages;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A real web application (embedded Tomcat, Actuator) with a local store and an S3 store on an embedded S3 server,
 * the gateway mounted at {@code /img}, spoken to over HTTP.
 */
@SpringBootTest(classes = StowageWebApplicationTest.App.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"stowage.gateway.enabled=true", "stowage.gateway.base-path=/img",
                "stowage.health.enabled=true", "management.endpoint.health.show-details=always",
                "management.endpoints.web.exposure.include=health"})
class StowageWebApplicationTest {
    static S3ProxyEmulator s3;
    static Path dir;
    static byte[] gradient;

    /** The application under test: nothing but Spring Boot's auto-configuration. */
    @SpringBootApplication
    static class App {
    }

    @DynamicPropertySource
    static void stores(DynamicPropertyRegistry registry) throws Exception {
        dir = Files.createTempDirectory("stowage-web");
        s3 = S3ProxyEmulator.start();
        s3.createBucket("media");
        try (BlobStore local = BlobStores.open(dir.resolve("local").toUri().toString());
             BlobStore bucket = BlobStores.open(s3.storeUri("media"))) {
            DemoImages.seed(local);
            DemoImages.seed(bucket);
            gradient = local.getBytes("gradient.jpg");
        }
        registry.add("stowage.stores.local.uri", () -> dir.resolve("local").toUri().toString());
        registry.add("stowage.stores.media.uri", () -> "s3://media?pathStyle=true&region=" + S3ProxyEmulator.REGION
                + "&endpoint=" + s3.endpoint());
        registry.add("stowage.stores.media.options.access-key", () -> S3ProxyEmulator.ACCESS_KEY);
        registry.add("stowage.stores.media.options.secret-key", () -> S3ProxyEmulator.SECRET_KEY);
        registry.add("stowage.stores.media.health-key", () -> "gradient.jpg");
        registry.add("stowage.gateway.cache-dir", () -> dir.resolve("cache").toString());
    }

    @AfterAll
    static void stop() throws Exception {
        s3.close();
    }

    @Autowired
    Environment environment;

    @Autowired
    MeterRegistry meters;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<byte[]> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theMountedGatewayServesOriginalsAndResizedImagesFromBothStores() throws Exception {
        HttpResponse<byte[]> original = get("/img/local/gradient.jpg");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(original.body()).isEqualTo(gradient);

        HttpResponse<byte[]> resized = get("/img/media/tr:w-120/gradient.jpg");
        assertThat(resized.statusCode()).isEqualTo(200);
        assertThat(resized.headers().firstValue("content-type")).hasValue("image/jpeg");
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(resized.body()));
        assertThat(image.getWidth()).isEqualTo(120);

        assertThat(get("/img/media/missing.jpg").statusCode()).isEqualTo(404);
        assertThat(get("/img/nostore/gradient.jpg").statusCode()).isEqualTo(404);
    }

    @Test
    void theGatewaysAndTheStoresMetersLandInTheApplicationsRegistry() throws Exception {
        assertThat(get("/img/local/tr:w-64/shapes.png").statusCode()).isEqualTo(200);

        assertThat(meters.get("stowage.requests").tag("status", "200").counter().count()).isPositive();
        assertThat(meters.get("stowage.transform").timer().count()).isPositive();
        // the gateway reads through the store beans, which record their calls
        assertThat(meters.get("stowage.store.calls").tag("store", "local").timers()).isNotEmpty();
        // and /img/metrics still serves the gateway's own figures
        assertThat(new String(get("/img/metrics").body(), StandardCharsets.UTF_8))
                .contains("stowage_transform_seconds_count");
    }

    @Test
    void actuatorHealthHasAnIndicatorPerStore() throws Exception {
        HttpResponse<byte[]> health = get("/actuator/health");
        String json = new String(health.body(), StandardCharsets.UTF_8);

        assertThat(health.statusCode()).as(json).isEqualTo(200);
        assertThat(json).contains("\"stowage\"", "\"local\"", "\"media\"", "\"check\":\"stat gradient.jpg\"",
                "\"exists\":true", "\"check\":\"list 1\"");
        assertThat(json).doesNotContain(S3ProxyEmulator.SECRET_KEY);
    }
}
