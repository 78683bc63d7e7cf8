package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.transform.OutputFormat;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway over a local store, spoken to over real HTTP. */
class GatewayEndToEndTest {
    @TempDir
    static Path dir;
    static GatewayServer gateway;
    static HttpTester http;
    static byte[] gradient;

    @BeforeAll
    static void start() throws Exception {
        Path root = Files.createDirectories(dir.resolve("images"));
        BlobStore store = BlobStores.open(root.toUri().toString());
        DemoImages.seed(store);
        store.put("docs/not-an-image.jpg", "hello, I am text".getBytes(StandardCharsets.UTF_8));
        store.put("dir with space/ünï.png", ContentSource.ofBytes(store.getBytes("shapes.png")),
                PutOptions.builder().contentType("image/png").build());
        gradient = store.getBytes("gradient.jpg");
        gateway = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0)
                .canonicalBase(URI.create("https://img.example.com/")).build(), Map.of("local", store));
        http = new HttpTester(gateway.baseUri());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void originalIsStreamedWithCachingHeaders() {
        HttpResponse<byte[]> r = http.get("/local/gradient.jpg");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(gradient);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/jpeg");
        assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(gradient.length));
        assertThat(r.headers().firstValue("etag")).hasValueSatisfying(e -> assertThat(e).startsWith("\""));
        assertThat(r.headers().firstValue("last-modified")).isPresent();
        assertThat(r.headers().firstValue("cache-control")).hasValue("public, max-age=86400");
        assertThat(r.headers().firstValue("accept-ranges")).hasValue("bytes");
        assertThat(r.headers().firstValue("link")).hasValue("<https://img.example.com/local/gradient.jpg>; rel=\"canonical\"");
        assertThat(r.headers().firstValue("vary")).isEmpty();
    }

    @Test
    void keysWithSpacesAndUnicodeAreServed() {
        HttpResponse<byte[]> r = http.get("/local/dir%20with%20space/%C3%BCn%C3%AF.png");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
    }

    @Test
    void queryDialectResizes() {
        HttpResponse<byte[]> r = http.get("/v1/ex/local/gradient.jpg?w=200&h=100&fit=cover&f=png");

        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
        BufferedImage img = HttpTester.image(r);
        assertThat(img.getWidth()).isEqualTo(200);
        assertThat(img.getHeight()).isEqualTo(100);
        assertThat(r.headers().firstValue("vary")).as("explicit format").isEmpty();
        assertThat(r.headers().firstValue("link")).hasValue(
                "<https://img.example.com/v1/ex/local/gradient.jpg?w=200&h=100&fit=cover&f=png>; rel=\"canonical\"");
    }

    @Test
    void imageKitPathDialectResizes() {
        HttpResponse<byte[]> r = http.get("/local/tr:w-300,h-300/shapes.png");

        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage img = HttpTester.image(r);
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(img.getHeight()).isEqualTo(300);
    }

    @Test
    void imageKitQueryFormEqualsThePathForm() {
        HttpResponse<byte[]> query = http.get("/local/poster.jpg?tr=w-120");
        HttpResponse<byte[]> path = http.get("/local/tr:w-120/poster.jpg");

        assertThat(query.statusCode()).isEqualTo(200);
        assertThat(HttpTester.image(query).getWidth()).isEqualTo(120);
        assertThat(query.headers().firstValue("etag")).isEqualTo(path.headers().firstValue("etag"));
    }

    @Test
    void twoSpellingsOfOneTransformShareTheEtag() {
        String a = http.get("/v1/ex/local/gradient.jpg?w=300&h=300").headers().firstValue("etag").orElseThrow();
        String b = http.get("/local/tr:w-300,h-300/gradient.jpg").headers().firstValue("etag").orElseThrow();
        String c = http.get("/v1/ex/local/gradient.jpg?height=300&fit=cover&width=300&q=80")
                .headers().firstValue("etag").orElseThrow();

        assertThat(a).isEqualTo(b).isEqualTo(c);
        assertThat(a).isNotEqualTo(http.get("/v1/ex/local/gradient.jpg?w=301&h=300").headers().firstValue("etag")
                .orElseThrow());
    }

    @Test
    void ifNoneMatchGives304ForOriginalsAndVariants() {
        for (String url : List.of("/local/gradient.jpg", "/local/tr:w-100/gradient.jpg")) {
            String etag = http.get(url).headers().firstValue("etag").orElseThrow();
            HttpResponse<byte[]> r = http.get(url, "If-None-Match", etag);
            assertThat(r.statusCode()).as(url).isEqualTo(304);
            assertThat(r.body()).isEmpty();
            assertThat(r.headers().firstValue("etag")).hasValue(etag);
            assertThat(http.get(url, "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void ifModifiedSinceGives304() {
        String lastModified = http.get("/local/gradient.jpg").headers().firstValue("last-modified").orElseThrow();
        assertThat(http.get("/local/gradient.jpg", "If-Modified-Since", lastModified).statusCode()).isEqualTo(304);
        assertThat(http.get("/local/gradient.jpg", "If-Modified-Since", "Thu, 01 Jan 1970 00:00:00 GMT")
                .statusCode()).isEqualTo(200);
    }

    @Test
    void headAnswersHeadersWithoutBody() {
        HttpResponse<byte[]> r = http.head("/local/gradient.jpg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEmpty();
        assertThat(r.headers().firstValue("content-length")).hasValue(String.valueOf(gradient.length));

    }

    @Test
    void headOfAVariantAnswersFromThePlanWithoutTransforming() {
        long before = gateway.transforms();
        HttpResponse<byte[]> v = http.head("/local/tr:w-64,f-png/gradient.jpg");

        assertThat(v.statusCode()).isEqualTo(200);
        assertThat(v.body()).isEmpty();
        assertThat(v.headers().firstValue("etag")).isPresent();
        assertThat(v.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(v.headers().firstValue("content-length")).as("unknown until made").isEmpty();
        assertThat(gateway.transforms()).isEqualTo(before);

        HttpResponse<byte[]> made = http.get("/local/tr:w-64,f-png/gradient.jpg");
        assertThat(made.headers().firstValue("etag")).isEqualTo(v.headers().firstValue("etag"));
        assertThat(http.head("/local/tr:w-64,f-png/gradient.jpg").headers().firstValue("content-length"))
                .as("known once made").hasValue(String.valueOf(made.body().length));
    }

    @Test
    void rangeRequestsGive206WithContentRange() {
        HttpResponse<byte[]> r = http.get("/local/gradient.jpg", "Range", "bytes=10-19");
        assertThat(r.statusCode()).isEqualTo(206);
        assertThat(r.body()).isEqualTo(Arrays.copyOfRange(gradient, 10, 20));
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes 10-19/" + gradient.length);

        HttpResponse<byte[]> suffix = http.get("/local/gradient.jpg", "Range", "bytes=-5");
        assertThat(suffix.statusCode()).isEqualTo(206);
        assertThat(suffix.body()).isEqualTo(Arrays.copyOfRange(gradient, gradient.length - 5, gradient.length));

        HttpResponse<byte[]> open = http.get("/local/gradient.jpg", "Range", "bytes=" + (gradient.length - 3) + "-");
        assertThat(open.body()).hasSize(3);
    }

    @Test
    void unsatisfiableRangeGives416() {
        HttpResponse<byte[]> r = http.get("/local/gradient.jpg", "Range", "bytes=" + gradient.length + "-");
        assertThat(r.statusCode()).isEqualTo(416);
        assertThat(r.headers().firstValue("content-range")).hasValue("bytes */" + gradient.length);
    }

    @Test
    void autoFormatVariesOnAccept() {
        HttpResponse<byte[]> plain = http.get("/local/tr:w-50/gradient.jpg", "Accept", "image/*");
        HttpResponse<byte[]> webp = http.get("/local/tr:w-50/gradient.jpg", "Accept", "image/webp,image/*");

        assertThat(plain.headers().firstValue("vary")).hasValue("Accept");
        assertThat(plain.headers().firstValue("content-type")).hasValue("image/jpeg");
        assertThat(webp.headers().firstValue("vary")).hasValue("Accept");
        if (OutputFormat.WEBP.isEncodable()) {
            assertThat(webp.headers().firstValue("content-type")).hasValue("image/webp");
            assertThat(webp.headers().firstValue("etag")).isNotEqualTo(plain.headers().firstValue("etag"));
        }
        HttpResponse<byte[]> png = http.get("/local/tr:w-50/shapes.png", "Accept", "image/*");
        assertThat(png.headers().firstValue("content-type")).as("transparency kept").hasValue("image/png");
    }

    @Test
    void badParameterGives400NamingIt() {
        HttpResponse<byte[]> r = http.get("/v1/ex/local/gradient.jpg?w=abc");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("'w'");

        assertThat(new String(http.get("/v1/ex/local/gradient.jpg?zoom=2").body(), StandardCharsets.UTF_8))
                .contains("'zoom'");
        assertThat(new String(http.get("/local/tr:w-10,qq-3/gradient.jpg").body(), StandardCharsets.UTF_8))
                .contains("qq");
        HttpResponse<byte[]> other = http.get("/local/gradient.jpg?width=3");
        assertThat(other.statusCode()).isEqualTo(400);
        assertThat(new String(other.body(), StandardCharsets.UTF_8)).contains("'width'");
    }

    @Test
    void missingKeyAndMissingStoreGive404() {
        HttpResponse<byte[]> key = http.get("/local/nope.jpg");
        assertThat(key.statusCode()).isEqualTo(404);
        assertThat(key.headers().firstValue("content-type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/plain"));
        assertThat(http.get("/local/tr:w-10/nope.jpg").statusCode()).isEqualTo(404);
        HttpResponse<byte[]> store = http.get("/elsewhere/gradient.jpg");
        assertThat(store.statusCode()).isEqualTo(404);
        assertThat(new String(store.body(), StandardCharsets.UTF_8)).contains("elsewhere");
    }

    @Test
    void pathTraversalIsRefused() {
        assertThat(http.get("/local/../images/gradient.jpg").statusCode()).isEqualTo(400);
        assertThat(http.get("/local/docs/%2e%2e/gradient.jpg").statusCode()).isEqualTo(400);
        assertThat(http.get("/v1/ex/local/./gradient.jpg?w=10").statusCode()).isEqualTo(400);
        assertThat(http.get("/local/docs//gradient.jpg").statusCode()).isEqualTo(400);
    }

    @Test
    void unsupportedImageGives415() {
        HttpResponse<byte[]> r = http.get("/local/tr:w-10/docs/not-an-image.jpg");
        assertThat(r.statusCode()).isEqualTo(415);
    }

    @Test
    void onlyGetAndHeadAreServed() {
        HttpResponse<byte[]> r = http.send("DELETE", "/local/gradient.jpg");
        assertThat(r.statusCode()).isEqualTo(405);
        assertThat(r.headers().firstValue("allow")).hasValue("GET, HEAD");
    }

    @Test
    void healthAnswersJson() {
        HttpResponse<byte[]> r = http.get("/health");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/json");
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("\"status\":\"ok\"").contains("\"local\"");
    }

    @Test
    void secondRequestOfAVariantIsACacheHit() {
        double transforms = http.metric("stowage_transform_seconds_count");
        double hits = http.metric("stowage_variant_hits_total");
        HttpResponse<byte[]> first = http.get("/local/tr:w-77/poster.jpg");
        HttpResponse<byte[]> second = http.get("/local/tr:w-77/poster.jpg");

        assertThat(second.body()).isEqualTo(first.body());
        assertThat(http.metric("stowage_transform_seconds_count")).isEqualTo(transforms + 1);
        assertThat(http.metric("stowage_variant_hits_total")).isEqualTo(hits + 1);
        assertThat(http.body("/metrics")).contains("stowage_requests_total{status=\"200\"}")
                .contains("stowage_transform_seconds_sum");
    }

    @Test
    void fiftyConcurrentRequestsForOneUncachedVariantTransformOnce() throws Exception {
        double before = http.metric("stowage_transform_seconds_count");
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return http.get("/v1/ex/local/gradient.jpg?w=640&h=480&fit=contain&f=jpeg");
                }));
            }
            go.countDown();
            List<String> etags = new ArrayList<>();
            for (Future<HttpResponse<byte[]>> f : futures) {
                HttpResponse<byte[]> r = f.get(60, TimeUnit.SECONDS);
                assertThat(r.statusCode()).isEqualTo(200);
                etags.add(r.headers().firstValue("etag").orElseThrow());
            }
            assertThat(etags).hasSize(50).containsOnly(etags.get(0));
        } finally {
            pool.shutdownNow();
        }
        assertThat(http.metric("stowage_transform_seconds_count")).isEqualTo(before + 1);
    }
}
