package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over an S3 store served by an embedded S3Proxy, over real HTTP on both sides. */
class GatewayS3Test {
    @TempDir
    static Path dir;
    static S3ProxyEmulator s3;
    static BlobStore direct;
    static GatewayServer gateway;
    static HttpTester http;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket("photos");
        direct = BlobStores.open(s3.storeUri("photos"));
        DemoImages.seed(direct);
        gateway = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0)
                .revalidateAfter(Duration.ZERO).build(), Map.of("s3", BlobStores.open(s3.storeUri("photos"))));
        http = new HttpTester(gateway.baseUri());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        direct.close();
        s3.close();
    }

    @Test
    void originalFromS3WithRangeAnd304() {
        byte[] bytes = direct.getBytes("gradient.jpg");
        HttpResponse<byte[]> r = http.get("/s3/gradient.jpg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(bytes);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
        String etag = r.headers().firstValue("etag").orElseThrow();

        assertThat(http.get("/s3/gradient.jpg", "If-None-Match", etag).statusCode()).isEqualTo(304);
        HttpResponse<byte[]> range = http.get("/s3/gradient.jpg", "Range", "bytes=100-199");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 100, 200));
        assertThat(http.get("/s3/gradient.jpg", "Range", "bytes=" + bytes.length + "-").statusCode()).isEqualTo(416);
    }

    @Test
    void bothDialectsTransformFromS3AndAgreeOnTheEtag() {
        HttpResponse<byte[]> a = http.get("/v1/ex/s3/poster.jpg?w=150&h=200&fit=cover");
        HttpResponse<byte[]> b = http.get("/s3/tr:w-150,h-200/poster.jpg");
        assertThat(a.statusCode()).isEqualTo(200);
        assertThat(HttpTester.image(a).getWidth()).isEqualTo(150);
        assertThat(a.headers().firstValue("etag")).isEqualTo(b.headers().firstValue("etag"));
        assertThat(b.body()).isEqualTo(a.body());
    }

    @Test
    void missingObjectIs404() {
        assertThat(http.get("/s3/missing.jpg").statusCode()).isEqualTo(404);
        assertThat(http.get("/s3/tr:w-10/missing.jpg").statusCode()).isEqualTo(404);
    }

    @Test
    void changedObjectInvalidatesCachedOriginalAndVariants() throws Exception {
        put("changing.png", 64);
        HttpResponse<byte[]> before = http.get("/s3/changing.png");
        HttpResponse<byte[]> variantBefore = http.get("/s3/tr:w-32/changing.png");
        assertThat(HttpTester.image(before).getWidth()).isEqualTo(64);

        put("changing.png", 96);

        HttpResponse<byte[]> after = http.get("/s3/changing.png");
        assertThat(HttpTester.image(after).getWidth()).isEqualTo(96);
        assertThat(after.headers().firstValue("etag")).isNotEqualTo(before.headers().firstValue("etag"));
        HttpResponse<byte[]> variantAfter = http.get("/s3/tr:w-32/changing.png");
        assertThat(variantAfter.headers().firstValue("etag")).isNotEqualTo(variantBefore.headers().firstValue("etag"));
        assertThat(HttpTester.image(variantAfter).getHeight()).isEqualTo(32);
    }

    private static void put(String key, int size) throws Exception {
        BufferedImage img = DemoImages.shapes(size, size);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        direct.put(key, ContentSource.ofBytes(out.toByteArray()), PutOptions.builder().contentType("image/png").build());
    }

    @Test
    void stoppedS3GivesA502ForUncachedObjects() throws Exception {
        S3ProxyEmulator other = S3ProxyEmulator.start();
        other.createBucket("gone");
        BlobStore store = BlobStores.open(other.storeUri("gone") + "&maxAttempts=1");
        try (GatewayServer g = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache2")).port(0)
                .originTimeout(Duration.ofSeconds(5)).build(), Map.of("gone", store))) {
            other.close();
            HttpResponse<byte[]> r = new HttpTester(g.baseUri()).get("/gone/a.jpg");
            assertThat(r.statusCode()).isEqualTo(502);
            assertThat(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8))
                    .doesNotContain(S3ProxyEmulator.SECRET_KEY);
        }
    }
}
