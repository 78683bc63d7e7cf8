package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.layer.FallbackPolicy;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Routes over several origins, over real HTTP: two local stores, a local store before an S3 bucket served by an
 * embedded S3Proxy, and an S3 store whose port is closed.
 */
class GatewayRoutesTest {
    @TempDir
    static Path dir;
    static S3ProxyEmulator s3;
    static BlobStore newBucket;
    static BlobStore oldBucket;
    static BlobStore s3Bucket;
    static GatewayServer gateway;
    static HttpTester http;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket("archive");
        newBucket = BlobStores.open(Files.createDirectories(dir.resolve("new")).toUri().toString());
        oldBucket = BlobStores.open(Files.createDirectories(dir.resolve("old")).toUri().toString());
        s3Bucket = BlobStores.open(s3.storeUri("archive"));
        oldBucket.put("only-old.png", png(400, 300, Color.RED));
        oldBucket.put("both.png", png(400, 300, Color.RED));
        newBucket.put("both.png", png(300, 400, Color.BLUE));
        s3Bucket.put("only-s3.png", png(200, 100, Color.GREEN));
        String down = "s3://gone?endpoint=http://127.0.0.1:" + closedPort() + "&region=us-east-1&pathStyle=true"
                + "&accessKey=a&secretKey=b";
        Gateway g = Gateway.builder(GatewayOptions.builder(dir.resolve("cache")).port(0)
                        .revalidateAfter(Duration.ZERO).originTimeout(Duration.ofSeconds(20)).build())
                .store("new", BlobStores.open(dir.resolve("new").toUri().toString()))
                .store("old", BlobStores.open(dir.resolve("old").toUri().toString()))
                .store("archive", BlobStores.open(s3.storeUri("archive")))
                .store("down", BlobStores.open(down))
                .route("photos", List.of("new", "old"))
                .route("mixed", List.of("new", "archive"))
                .route("fragile", List.of("down", "old"))
                .route("tolerant", List.of("down", "old"), FallbackPolicy.builder().unavailableFallsThrough(true).build())
                .build();
        gateway = GatewayServer.start(g);
        http = new HttpTester(gateway.baseUri());
    }

    @AfterAll
    static void stop() throws Exception {
        gateway.close();
        newBucket.close();
        oldBucket.close();
        s3Bucket.close();
        s3.close();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static byte[] png(int w, int h, Color color) {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setColor(color);
        g.fillRect(0, 0, w, h);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static String origin(HttpResponse<?> r) {
        return r.headers().firstValue("x-stowage-origin").orElse(null);
    }

    @Test
    void aKeyMissingFromThePrimaryIsServedFromTheFallbackAndNamesIt() {
        HttpResponse<byte[]> r = http.get("/photos/only-old.png");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(oldBucket.getBytes("only-old.png"));
        assertThat(origin(r)).isEqualTo("old");

        HttpResponse<byte[]> head = http.head("/photos/only-old.png");
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(origin(head)).isEqualTo("old");
        assertThat(head.headers().firstValue("etag")).isEqualTo(r.headers().firstValue("etag"));

        HttpResponse<byte[]> again = http.get("/photos/only-old.png", "If-None-Match",
                r.headers().firstValue("etag").orElseThrow());
        assertThat(again.statusCode()).isEqualTo(304);
        assertThat(origin(again)).isEqualTo("old");
    }

    @Test
    void thePrimaryWinsWhenItHoldsTheKey() {
        HttpResponse<byte[]> r = http.get("/photos/both.png");
        assertThat(origin(r)).isEqualTo("new");
        assertThat(r.body()).isEqualTo(newBucket.getBytes("both.png"));
        HttpResponse<byte[]> v = http.get("/photos/tr:w-30/both.png");
        assertThat(origin(v)).isEqualTo("new");
        assertThat(HttpTester.image(v).getHeight()).isEqualTo(40);
    }

    @Test
    void aStoreServedOnItsOwnSaysNoOrigin() {
        HttpResponse<byte[]> r = http.get("/old/only-old.png");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(origin(r)).isNull();
    }

    @Test
    void missingFromEveryOriginIs404() {
        assertThat(http.get("/photos/nowhere.png").statusCode()).isEqualTo(404);
        assertThat(http.get("/photos/tr:w-10/nowhere.png").statusCode()).isEqualTo(404);
    }

    @Test
    void aVariantMadeFromTheOldBucketIsNotServedOnceTheNewBucketHasTheObject() {
        oldBucket.put("moving.png", png(400, 300, Color.RED));
        HttpResponse<byte[]> before = http.get("/photos/tr:w-40/moving.png");
        assertThat(origin(before)).isEqualTo("old");
        assertThat(HttpTester.image(before).getHeight()).isEqualTo(30);
        String oldEtag = before.headers().firstValue("etag").orElseThrow();
        String oldOriginalEtag = http.head("/photos/moving.png").headers().firstValue("etag").orElseThrow();

        // the very same bytes arrive in the new bucket: still another source, so another ETag and cache entry
        newBucket.put("moving.png", oldBucket.getBytes("moving.png"));
        HttpResponse<byte[]> same = http.get("/photos/tr:w-40/moving.png", "If-None-Match", oldEtag);
        assertThat(same.statusCode()).isEqualTo(200);
        assertThat(origin(same)).isEqualTo("new");
        assertThat(same.headers().firstValue("etag")).isNotEqualTo(before.headers().firstValue("etag"));
        HttpResponse<byte[]> original = http.get("/photos/moving.png", "If-None-Match", oldOriginalEtag);
        assertThat(original.statusCode()).isEqualTo(200);
        assertThat(origin(original)).isEqualTo("new");

        // and a different image there is what is served, never the variant cached from the old one
        newBucket.put("moving.png", png(300, 400, Color.BLUE));
        HttpResponse<byte[]> after = http.get("/photos/tr:w-40/moving.png");
        assertThat(origin(after)).isEqualTo("new");
        assertThat(HttpTester.image(after).getHeight()).isEqualTo(53);
        int rgb = HttpTester.image(after).getRGB(20, 20);
        assertThat(rgb & 0xff).as("blue").isGreaterThan(200);
        assertThat((rgb >> 16) & 0xff).as("red").isLessThan(50);
    }

    @Test
    void aLocalPrimaryFallsBackToAnS3Bucket() {
        byte[] bytes = s3Bucket.getBytes("only-s3.png");
        HttpResponse<byte[]> r = http.get("/mixed/only-s3.png");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(origin(r)).isEqualTo("archive");
        assertThat(r.body()).isEqualTo(bytes);

        HttpResponse<byte[]> range = http.get("/mixed/only-s3.png", "Range", "bytes=10-19");
        assertThat(range.statusCode()).isEqualTo(206);
        assertThat(range.body()).isEqualTo(Arrays.copyOfRange(bytes, 10, 20));
        assertThat(origin(range)).isEqualTo("archive");

        HttpResponse<byte[]> v = http.get("/v1/ex/mixed/only-s3.png?w=50");
        assertThat(v.statusCode()).isEqualTo(200);
        assertThat(origin(v)).isEqualTo("archive");
        assertThat(HttpTester.image(v).getHeight()).isEqualTo(25);
        assertThat(http.get("/v1/ex/mixed/only-s3.png?w=50", "If-None-Match",
                v.headers().firstValue("etag").orElseThrow()).statusCode()).isEqualTo(304);
    }

    @Test
    void aPrimaryThatIsDownIs502NotAFallThrough() {
        HttpResponse<byte[]> r = http.get("/fragile/only-old.png");
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(origin(r)).isNull();
        assertThat(http.get("/fragile/tr:w-10/only-old.png").statusCode()).isEqualTo(502);
    }

    @Test
    void aPrimaryThatIsDownIsSkippedWhenTheRouteSaysSo() {
        HttpResponse<byte[]> r = http.get("/tolerant/only-old.png");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(origin(r)).isEqualTo("old");
    }

    @Test
    void healthListsRoutesBesideStores() {
        assertThat(http.body("/health")).contains("\"photos\"", "\"new\"");
    }

    @Test
    void routesThatCannotWorkAreRefusedByName() {
        GatewayOptions options = GatewayOptions.builder(dir.resolve("cache-refused")).build();
        assertThatThrownBy(() -> Gateway.builder(options).store("a", BlobStores.open(dir.toUri().toString()))
                .route("r", List.of("a", "b")).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'b'").hasMessageContaining("stores: a");
        assertThatThrownBy(() -> Gateway.builder(options).store("a", BlobStores.open(dir.toUri().toString()))
                .route("a", List.of("a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("given twice");
        assertThatThrownBy(() -> Gateway.builder(options).route("r", List.of("a", "a")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lists a store twice");
        assertThatThrownBy(() -> Gateway.builder(options).route("r", List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one origin");
    }
}
