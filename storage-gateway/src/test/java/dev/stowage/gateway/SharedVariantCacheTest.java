package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListOptions;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two gateway instances, as behind a load balancer, sharing one variant cache in an S3 bucket (an embedded
 * S3Proxy, spoken to over HTTP by the S3 driver): a variant one instance made is served by the other without
 * transforming again.
 */
class SharedVariantCacheTest {
    @TempDir
    Path dir;

    @Test
    void aVariantMadeByOneGatewayIsServedByAnotherWithoutTransforming() throws Exception {
        try (S3ProxyEmulator s3 = S3ProxyEmulator.start()) {
            s3.createBucket("photos");
            s3.createBucket("variants");
            try (BlobStore seed = BlobStores.open(s3.storeUri("photos"))) {
                DemoImages.seed(seed);
            }
            try (GatewayServer a = start(s3, "a"); GatewayServer b = start(s3, "b")) {
                HttpResponse<byte[]> made = new HttpTester(a.baseUri()).get("/photos/tr:w-200,h-120,f-png/poster.jpg");
                assertThat(made.statusCode()).isEqualTo(200);
                assertThat(a.transforms()).isEqualTo(1);

                HttpResponse<byte[]> shared = new HttpTester(b.baseUri()).get("/photos/tr:w-200,h-120,f-png/poster.jpg");
                assertThat(shared.statusCode()).isEqualTo(200);
                assertThat(shared.body()).isEqualTo(made.body());
                assertThat(shared.headers().firstValue("etag")).isEqualTo(made.headers().firstValue("etag"));
                assertThat(shared.headers().firstValue("content-type")).hasValue("image/png");
                assertThat(b.transforms()).as("served from the shared bucket").isZero();
            }
            try (BlobStore variants = BlobStores.open(s3.storeUri("variants"));
                 var entries = variants.list(ListOptions.prefix("v/"))) {
                assertThat(entries.filter(e -> !e.isPrefix()).count()).isEqualTo(1);
            }
        }
    }

    private GatewayServer start(S3ProxyEmulator s3, String instance) throws Exception {
        return GatewayServer.start(GatewayOptions.builder(Files.createDirectories(dir).resolve("cache-" + instance))
                .port(0).variantStore(BlobStores.open(s3.storeUri("variants"))).build(),
                Map.of("photos", BlobStores.open(s3.storeUri("photos"))));
    }
}
