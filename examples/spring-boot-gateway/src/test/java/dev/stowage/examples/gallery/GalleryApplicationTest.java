package dev.stowage.examples.gallery;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** Starts the application on a free port over a fresh folder and fetches what it lists through the gateway. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GalleryApplicationTest {
    @TempDir
    static Path dir;

    @DynamicPropertySource
    static void folders(DynamicPropertyRegistry registry) {
        registry.add("stowage.stores.photos.uri", () -> dir.resolve("photos").toUri().toString());
        registry.add("stowage.gateway.cache-dir", () -> dir.resolve("cache").toString());
    }

    @Autowired
    Environment environment;

    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<byte[]> get(String path) throws Exception {
        URI uri = URI.create("http://127.0.0.1:" + environment.getProperty("local.server.port") + path);
        return http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theListedThumbnailIsServedResizedByTheMountedGateway() throws Exception {
        String list = new String(get("/api/photos").body(), StandardCharsets.UTF_8);
        assertThat(list).contains("\"key\":\"gradient.jpg\"", "\"thumbnail\":\"/img/photos/tr:w-200/gradient.jpg\"");

        HttpResponse<byte[]> thumbnail = get("/img/photos/tr:w-200/gradient.jpg");
        assertThat(thumbnail.statusCode()).isEqualTo(200);
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(thumbnail.body()));
        assertThat(image.getWidth()).isEqualTo(200);

        HttpResponse<byte[]> original = get("/img/photos/gradient.jpg");
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(ImageIO.read(new ByteArrayInputStream(original.body())).getWidth()).isGreaterThan(200);
    }

    @Test
    void healthReportsThePhotosStore() throws Exception {
        String health = new String(get("/actuator/health").body(), StandardCharsets.UTF_8);
        assertThat(health).contains("\"stowage\"", "\"photos\"", "\"status\":\"UP\"");
    }
}
