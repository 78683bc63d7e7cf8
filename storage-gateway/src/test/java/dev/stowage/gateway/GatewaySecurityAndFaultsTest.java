package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Signed URLs, and how store failures reach the client: over real HTTP against local stores with faults injected. */
class GatewaySecurityAndFaultsTest {
    private static final byte[] KEY = "test-signing-key".getBytes(StandardCharsets.UTF_8);

    @TempDir
    static Path dir;
    static GatewayServer gateway;
    static HttpTester http;
    static UrlSigner signer = new UrlSigner(KEY);

    @BeforeAll
    static void start() throws Exception {
        Map<String, BlobStore> stores = new LinkedHashMap<>();
        for (String name : new String[] {"ok", "down", "slow", "denied"}) {
            Path root = Files.createDirectories(dir.resolve(name));
            BlobStore s = BlobStores.open(root.toUri().toString());
            DemoImages.seed(s);
            stores.put(name, switch (name) {
                case "down" -> new FaultyStore(s, ErrorCode.UNAVAILABLE, 0);
                case "slow" -> new FaultyStore(s, null, 3_000);
                case "denied" -> new FaultyStore(s, ErrorCode.PERMISSION_DENIED, 0);
                default -> s;
            });
        }
        gateway = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0).signKey(KEY)
                .originTimeout(Duration.ofMillis(300)).build(), stores);
        http = new HttpTester(gateway.baseUri());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    @Test
    void correctlySignedUrlsAreServed() {
        assertThat(http.get(signer.sign("/ok/gradient.jpg")).statusCode()).isEqualTo(200);
        assertThat(http.get(signer.sign("/ok/tr:w-40/gradient.jpg")).statusCode()).isEqualTo(200);
        assertThat(http.get(signer.sign("/v1/ex/ok/gradient.jpg?w=40&h=40")).statusCode()).isEqualTo(200);
        assertThat(http.get(signer.sign("/ok/shapes.png?tr=w-40")).statusCode()).isEqualTo(200);
        assertThat(gateway.url("/ok/gradient.jpg")).contains("?s=");
    }

    @Test
    void unsignedUrlsAreRefused() {
        HttpResponse<byte[]> r = http.get("/ok/gradient.jpg");
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(text(r)).contains("'s'");
    }

    @Test
    void wronglySignedOrAlteredUrlsAreRefused() {
        assertThat(http.get("/ok/gradient.jpg?s=" + "0".repeat(64)).statusCode()).isEqualTo(403);
        String signed = signer.sign("/v1/ex/ok/gradient.jpg?w=40");
        assertThat(http.get(signed.replace("w=40", "w=4000")).statusCode()).isEqualTo(403);
        assertThat(http.get(signer.sign("/ok/gradient.jpg").replace("/ok/", "/ok/tr:w-10/")).statusCode())
                .isEqualTo(403);
        assertThat(http.get(new UrlSigner("other".getBytes(StandardCharsets.UTF_8)).sign("/ok/gradient.jpg"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void healthAndMetricsNeedNoSignature() {
        assertThat(http.get("/health").statusCode()).isEqualTo(200);
        assertThat(http.get("/metrics").statusCode()).isEqualTo(200);
    }

    @Test
    void unavailableStoreGives502WithoutSecrets() {
        HttpResponse<byte[]> r = http.get(signer.sign("/down/gradient.jpg"));
        assertThat(r.statusCode()).isEqualTo(502);
        assertThat(text(r)).doesNotContain("hunter2").isNotBlank();
        assertThat(http.get(signer.sign("/down/tr:w-10/gradient.jpg")).statusCode()).isEqualTo(502);
    }

    @Test
    void slowStoreGives504() {
        HttpResponse<byte[]> r = http.get(signer.sign("/slow/gradient.jpg"));
        assertThat(r.statusCode()).isEqualTo(504);
        assertThat(text(r)).contains("in time");
    }

    @Test
    void deniedStoreGives403WithoutSecrets() {
        HttpResponse<byte[]> r = http.get(signer.sign("/denied/gradient.jpg"));
        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(text(r)).doesNotContain("hunter2");
    }
}
