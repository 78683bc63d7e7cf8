package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import java.awt.image.BufferedImage;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.NetworkConnector;
import org.eclipse.jetty.server.Server;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's embedding examples, started as written and spoken to over HTTP. */
class EmbeddingExamplesTest {
    @TempDir
    Path dir;
    Path photos;

    @BeforeEach
    void seed() throws Exception {
        photos = Files.createDirectories(dir.resolve("photos"));
        try (BlobStore s = BlobStores.open(photos.toUri().toString())) {
            DemoImages.seed(s);
        }
    }

    private static URI base(Server server) {
        return URI.create("http://127.0.0.1:" + ((NetworkConnector) server.getConnectors()[0]).getLocalPort());
    }

    @Test
    void theHandlerServesOriginalsAndVariantsInAPlainJettyServer() throws Exception {
        Server server = EmbeddedInJettyExample.start(photos, dir.resolve("cache"), 0);
        try {
            HttpTester http = new HttpTester(base(server));
            assertThat(http.get("/photos/gradient.jpg").headers().firstValue("content-type")).hasValue("image/jpeg");
            BufferedImage img = HttpTester.image(http.get("/photos/tr:w-100/gradient.jpg"));
            assertThat(img.getWidth()).isEqualTo(100);
        } finally {
            server.stop();
        }
    }

    @Test
    void theServletServesBelowItsMappingInAServletContext() throws Exception {
        Server server = InServletContainerExample.start(photos, dir.resolve("cache"), 0);
        try {
            HttpTester http = new HttpTester(base(server));
            HttpResponse<byte[]> original = http.get("/app/images/photos/gradient.jpg");
            assertThat(original.statusCode()).isEqualTo(200);
            assertThat(original.headers().firstValue("content-type")).hasValue("image/jpeg");
            assertThat(original.headers().firstValue("x-content-type-options")).hasValue("nosniff");
            BufferedImage img = HttpTester.image(http.get("/app/images/v1/ex/photos/poster.jpg?w=80"));
            assertThat(img.getWidth()).isEqualTo(80);
            HttpResponse<byte[]> etagged = http.get("/app/images/photos/tr:w-80/poster.jpg");
            String etag = etagged.headers().firstValue("etag").orElseThrow();
            assertThat(http.get("/app/images/photos/tr:w-80/poster.jpg", "If-None-Match", etag).statusCode())
                    .isEqualTo(304);
            assertThat(http.head("/app/images/photos/gradient.jpg").body()).isEmpty();
            assertThat(http.get("/app/images/photos/../secret").statusCode()).isIn(400, 404);
        } finally {
            server.stop();
        }
    }
}
