package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Store names holding {@code /} (a {@code remote_links.yml} names its stores {@code account/bucket}) are reachable
 * through every URL form, written as is or with {@code %2F}.
 */
class GatewayStoreNamesTest {
    @TempDir
    static Path dir;
    static GatewayServer gateway;
    static HttpTester http;
    static byte[] gradient;

    @BeforeAll
    static void start() throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("bucket")).toUri().toString());
        DemoImages.seed(store);
        gradient = store.getBytes("gradient.jpg");
        BlobStore other = BlobStores.open(Files.createDirectories(dir.resolve("other")).toUri().toString());
        other.put("account/x.txt", "not this one".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        gateway = GatewayServer.start(Gateway.builder(GatewayOptions.builder(dir.resolve("cache")).port(0).build())
                .store("my-account/cars_2020", store).store("other", other)
                .route("my-account/all", List.of("other", "my-account/cars_2020")).build());
        http = new HttpTester(gateway.baseUri());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    @Test
    void aStoreNameWithASlashIsReachableAsIs() {
        HttpResponse<byte[]> r = http.get("/my-account/cars_2020/gradient.jpg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).isEqualTo(gradient);
        assertThat(http.get("/my-account/cars_2020/tr:w-20/gradient.jpg").statusCode()).isEqualTo(200);
        assertThat(http.get("/my-account/cars_2020/gradient.jpg?tr=w-20").statusCode()).isEqualTo(200);
        assertThat(HttpTester.image(http.get("/v1/ex/my-account/cars_2020/gradient.jpg?w=20")).getWidth())
                .isEqualTo(20);
    }

    @Test
    void aStoreNameWithASlashIsReachablePercentEncoded() {
        HttpResponse<byte[]> r = http.get("/my-account%2Fcars_2020/gradient.jpg");
        assertThat(r.statusCode()).as(new String(r.body(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo(200);
        assertThat(r.body()).isEqualTo(gradient);
        assertThat(http.get("/v1/ex/my-account%2Fcars_2020/gradient.jpg?w=20").statusCode()).isEqualTo(200);
    }

    @Test
    void routesMayHaveSuchNamesToo() {
        HttpResponse<byte[]> r = http.get("/my-account/all/gradient.jpg");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("x-stowage-origin")).hasValue("my-account/cars_2020");
    }

    @Test
    void aPathThatNamesNoStoreIsStill404() {
        assertThat(http.get("/my-account/gradient.jpg").statusCode()).isEqualTo(404);
        assertThat(http.get("/my-account/cars_2021/gradient.jpg").statusCode()).isEqualTo(404);
    }

    @Test
    void namesThatOverlapAreRefused() {
        assertThatThrownBy(() -> Gateway.builder(GatewayOptions.builder(dir.resolve("cache2")).build())
                .store("a", BlobStores.open(dir.resolve("bucket").toUri().toString()))
                .store("a/b", BlobStores.open(dir.resolve("bucket").toUri().toString())).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'a' and 'a/b' overlap");
        assertThatThrownBy(() -> Gateway.builder(GatewayOptions.builder(dir.resolve("cache2")).build())
                .store("a//b", BlobStores.open(dir.resolve("bucket").toUri().toString())))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("non-empty parts");
    }
}
