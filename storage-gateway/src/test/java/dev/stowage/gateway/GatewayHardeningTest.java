package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.layer.ForwardingBlobStore;
import dev.stowage.transform.TransformLimits;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile user or a broken backend tries against the gateway, each over real HTTP: stored XSS through
 * originals, expired or rotated signatures, open admin endpoints, huge or enlarged outputs, server errors that
 * leave no trace, and cache folders others can reach.
 */
class GatewayHardeningTest {
    private static final byte[] NEW_KEY = "key-2026".getBytes(StandardCharsets.UTF_8);
    private static final byte[] OLD_KEY = "key-2025".getBytes(StandardCharsets.UTF_8);
    private static final String HTML = "<html><body><script>alert(document.cookie)</script></body></html>";
    private static final String SVG = "<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>";

    @TempDir
    static Path dir;
    static GatewayServer gateway;
    static HttpTester http;
    static byte[] png;

    @BeforeAll
    static void start() throws Exception {
        Map<String, BlobStore> stores = new LinkedHashMap<>();
        for (String name : new String[] {"site", "svg", "tiny"}) {
            BlobStore s = BlobStores.open(Files.createDirectories(dir.resolve(name)).toUri().toString());
            s.put("page.html", ContentSource.ofBytes(HTML.getBytes(StandardCharsets.UTF_8)),
                    PutOptions.builder().contentType("text/html").build());
            s.put("photo.jpg", HTML.getBytes(StandardCharsets.UTF_8)); // HTML behind an image name
            s.put("logo.svg", ContentSource.ofBytes(SVG.getBytes(StandardCharsets.UTF_8)),
                    PutOptions.builder().contentType("image/svg+xml").build());
            png = pixel();
            s.put("pixel.png", ContentSource.ofBytes(png), PutOptions.builder().contentType("text/html").build());
            stores.put(name, s);
        }
        gateway = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0)
                .signKey(NEW_KEY).signKey(OLD_KEY).adminToken("s3cret-token").neverEnlarge(true)
                .inlineTypes("svg", Set.of("image/svg+xml"))
                .limits(TransformLimits.builder().maxOutputPixels(4_000_000).build()).build(), stores);
        http = new HttpTester(gateway.baseUri());
    }

    @AfterAll
    static void stop() {
        gateway.close();
    }

    private static byte[] pixel() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB), "png", out);
        return out.toByteArray();
    }

    private static HttpResponse<byte[]> signedGet(String pathAndQuery, String... headers) {
        return http.get(gateway.url(pathAndQuery).substring(gateway.baseUri().toString().length()), headers);
    }

    private static void assertDownloadOnly(HttpResponse<byte[]> r) {
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("content-type")).hasValue("application/octet-stream");
        assertThat(r.headers().firstValue("content-disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment"));
        assertThat(r.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; sandbox");
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
    }

    @Test
    void storedHtmlIsADownloadUnderASandboxNotAPage() {
        assertDownloadOnly(signedGet("/site/page.html"));
        assertDownloadOnly(signedGet("/site/photo.jpg"));
    }

    @Test
    void svgWithAScriptIsADownloadUnlessAllowlistedAndThenStillSandboxed() {
        assertDownloadOnly(signedGet("/site/logo.svg"));

        HttpResponse<byte[]> allowed = signedGet("/svg/logo.svg");
        assertThat(allowed.headers().firstValue("content-type")).hasValue("image/svg+xml");
        assertThat(allowed.headers().firstValue("content-disposition")).isEmpty();
        assertThat(allowed.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; sandbox");
        assertThat(signedGet("/svg/page.html").headers().firstValue("content-type"))
                .as("the allowlist is per type").hasValue("application/octet-stream");
    }

    @Test
    void imageTypeComesFromTheBytesNotFromWhatTheStoreClaims() {
        HttpResponse<byte[]> r = signedGet("/site/pixel.png");
        assertThat(r.headers().firstValue("content-type")).hasValue("image/png");
        assertThat(r.headers().firstValue("content-disposition")).isEmpty();
        assertThat(r.body()).isEqualTo(png);
    }

    @Test
    void errorPagesCarryNosniffAndTheSandbox() throws Exception {
        HttpResponse<byte[]> r = signedGet("/site/missing.jpg");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("x-content-type-options")).hasValue("nosniff");
        assertThat(r.headers().firstValue("content-security-policy")).hasValue("default-src 'none'; sandbox");
        // A request line Jetty itself refuses, before the gateway sees it (java.net.http will not send it).
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.port())) {
            socket.setSoTimeout(5_000);
            socket.getOutputStream().write("GET /%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
                    .getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            assertThat(answer).startsWith("HTTP/1.1 400").containsIgnoringCase("X-Content-Type-Options: nosniff");
        }
    }

    @Test
    void urlsSignedWithARetiringKeyStillWorkDuringRotation() {
        UrlSigner old = new UrlSigner(OLD_KEY);
        assertThat(http.get(old.sign("/tiny/pixel.png")).statusCode()).isEqualTo(200);
        assertThat(http.get(new UrlSigner("unknown".getBytes(StandardCharsets.UTF_8)).sign("/tiny/pixel.png"))
                .statusCode()).isEqualTo(403);
    }

    @Test
    void expiredSignedUrlsAreRefusedAndTheExpiryCannotBeEdited() {
        UrlSigner signer = new UrlSigner(NEW_KEY);
        String live = signer.sign("/tiny/pixel.png", Instant.now().plusSeconds(60));
        assertThat(http.get(live).statusCode()).isEqualTo(200);

        HttpResponse<byte[]> expired = http.get(signer.sign("/tiny/pixel.png", Instant.now().minusSeconds(1)));
        assertThat(expired.statusCode()).isEqualTo(403);
        assertThat(new String(expired.body(), StandardCharsets.UTF_8)).contains("expired").contains("exp");

        String stretched = live.replaceFirst("exp=\\d+", "exp=" + (Instant.now().getEpochSecond() + 999_999));
        assertThat(http.get(stretched).statusCode()).isEqualTo(403);
    }

    @Test
    void metricsAndHealthDetailNeedTheAdminToken() {
        HttpResponse<byte[]> anonymous = http.get("/metrics");
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(new String(http.get("/health").body(), StandardCharsets.UTF_8))
                .isEqualTo("{\"status\":\"ok\"}\n").doesNotContain("site");

        assertThat(http.get("/metrics", "Authorization", "Bearer wrong").statusCode()).isEqualTo(401);
        HttpResponse<byte[]> admin = http.get("/metrics", "Authorization", "Bearer s3cret-token");
        assertThat(admin.statusCode()).isEqualTo(200);
        assertThat(new String(admin.body(), StandardCharsets.UTF_8)).contains("stowage_requests_total");
        assertThat(new String(http.get("/health", "Authorization", "Bearer s3cret-token").body(),
                StandardCharsets.UTF_8)).contains("\"site\"");
    }

    @Test
    void metricsCanBeTurnedOff() throws Exception {
        BlobStore s = BlobStores.open(Files.createDirectories(dir.resolve("off")).toUri().toString());
        try (GatewayServer off = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache-off")).port(0)
                .metricsEnabled(false).build(), Map.of("off", s))) {
            HttpTester h = new HttpTester(off.baseUri());
            assertThat(h.get("/metrics").statusCode()).isEqualTo(404);
            assertThat(new String(h.get("/health").body(), StandardCharsets.UTF_8)).doesNotContain("off");
        }
    }

    @Test
    void neverEnlargeMakesATinySourceAtItsOwnSize() {
        long before = gateway.transforms();
        HttpResponse<byte[]> r = signedGet("/tiny/tr:w-1900,h-1900,c-force/pixel.png");
        assertThat(r.statusCode()).isEqualTo(200);
        BufferedImage img = HttpTester.image(r);
        assertThat(img.getWidth()).isEqualTo(1);
        assertThat(img.getHeight()).isEqualTo(1);
        assertThat(gateway.transforms()).isEqualTo(before + 1);
    }

    @Test
    void outputsOverTheLimitAreRefusedByNameBeforeAnyWork() {
        long before = gateway.transforms();
        HttpResponse<byte[]> r = signedGet("/v1/ex/tiny/pixel.png?w=5000&h=5000&fit=fill");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(new String(r.body(), StandardCharsets.UTF_8)).contains("maxOutputPixels");
        assertThat(gateway.transforms()).isEqualTo(before);
    }

    @Test
    void everyServerErrorIsLoggedOnceWithItsCause() throws Exception {
        Path root = Files.createDirectories(dir.resolve("faulty"));
        BlobStore plain = BlobStores.open(root.toUri().toString());
        plain.put("a.png", png);
        Map<String, BlobStore> stores = new LinkedHashMap<>();
        stores.put("down", new FaultyStore(plain, ErrorCode.UNAVAILABLE, 0));
        stores.put("oom", new ForwardingBlobStore(BlobStores.open(root.toUri().toString())) {
            @Override
            public BlobInputStream get(String key, ByteRange range) {
                throw new OutOfMemoryError("Java heap space (injected)");
            }
        });
        try (GatewayServer g = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache-faulty")).port(0)
                .build(), stores); LogCapture log = new LogCapture(Level.INFO)) {
            HttpTester h = new HttpTester(g.baseUri());
            assertThat(h.get("/down/a.png").statusCode()).isEqualTo(502);
            assertThat(h.get("/oom/a.png").statusCode()).isEqualTo(503);

            List<ILoggingEvent> warnings = log.at(Level.WARN);
            assertThat(warnings).hasSize(1);
            assertThat(warnings.get(0).getFormattedMessage()).contains("/down/a.png").contains("502")
                    .contains("UNAVAILABLE").doesNotContain("hunter2");
            List<ILoggingEvent> errors = log.at(Level.ERROR);
            assertThat(errors).hasSize(1);
            assertThat(errors.get(0).getFormattedMessage()).contains("/oom/a.png").contains("OutOfMemoryError");
        }
    }

    @Test
    void aCacheFolderOthersCanReadIsRefusedWithAFix() throws Exception {
        Path open = Files.createDirectories(dir.resolve("shared-cache"));
        Files.setPosixFilePermissions(open, PosixFilePermissions.fromString("rwxr-xr-x"));
        BlobStore s = BlobStores.open(Files.createDirectories(dir.resolve("p")).toUri().toString());
        GatewayOptions options = GatewayOptions.builder(open).build();
        assertThatThrownBy(() -> Gateway.open(options, Map.of("p", s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(open.toString())
                .hasMessageContaining("chmod 700");
    }

    @Test
    void aNewCacheFolderIsCreatedPrivate() throws Exception {
        Path fresh = dir.resolve("new-cache");
        BlobStore s = BlobStores.open(Files.createDirectories(dir.resolve("q")).toUri().toString());
        try (Gateway g = Gateway.open(GatewayOptions.builder(fresh).build(), Map.of("q", s))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(fresh))).isEqualTo("rwx------");
        }
    }

    @Test
    void aCacheFolderOfAnotherUserIsRefused() throws Exception {
        Path theirs = Files.createDirectories(dir.resolve("their-cache"));
        Files.setPosixFilePermissions(theirs, PosixFilePermissions.fromString("rwx------"));
        var nobody = theirs.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName("nobody");
        org.junit.jupiter.api.Assumptions.assumeTrue("root".equals(System.getProperty("user.name")),
                "changing a folder's owner needs root");
        Files.setOwner(theirs, nobody);
        BlobStore s = BlobStores.open(Files.createDirectories(dir.resolve("r")).toUri().toString());
        assertThatThrownBy(() -> Gateway.open(GatewayOptions.builder(theirs).build(), Map.of("r", s)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("belongs to nobody");
    }

    @Test
    void aSameSizeRewriteThatKeepsTheModificationTimeIsServedOnceRevalidated() throws Exception {
        Path root = Files.createDirectories(dir.resolve("rewritten"));
        BlobStore local = BlobStores.open(root.toUri().toString());
        local.put("note.txt", "old content".getBytes(StandardCharsets.UTF_8));
        try (GatewayServer g = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache-rewritten")).port(0)
                .revalidateAfter(Duration.ZERO).build(), Map.of("l", local))) {
            HttpTester h = new HttpTester(g.baseUri());
            HttpResponse<byte[]> before = h.get("/l/note.txt");
            assertThat(new String(before.body(), StandardCharsets.UTF_8)).isEqualTo("old content");

            Path file = root.resolve("note.txt");
            java.nio.file.attribute.FileTime mtime = Files.getLastModifiedTime(file);
            try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
                raf.write("new content".getBytes(StandardCharsets.UTF_8)); // same size, same file
            }
            Files.setLastModifiedTime(file, mtime);

            HttpResponse<byte[]> after = h.get("/l/note.txt");
            assertThat(new String(after.body(), StandardCharsets.UTF_8)).isEqualTo("new content");
            assertThat(after.headers().firstValue("etag")).isNotEqualTo(before.headers().firstValue("etag"));
        }
    }

    @Test
    void headersAndBodyDescribeOneVersionEvenWhenTheObjectChangesBetweenStatAndRead() throws Exception {
        Path root = Files.createDirectories(dir.resolve("racy"));
        BlobStore plain = BlobStores.open(root.toUri().toString());
        plain.put("a.txt", "version one".getBytes(StandardCharsets.UTF_8));
        BlobInfo first = plain.stat("a.txt");
        // A store where the object is replaced right after the gateway's stat, before its read.
        BlobStore racy = new ForwardingBlobStore(plain) {
            volatile boolean replaced;

            @Override
            public BlobInfo stat(String key) {
                BlobInfo info = super.stat(key);
                if (!replaced) {
                    replaced = true;
                    super.put(key, ContentSource.ofBytes("version two!".getBytes(StandardCharsets.UTF_8)),
                            PutOptions.defaults());
                }
                return info;
            }
        };
        try (GatewayServer g = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache-racy")).port(0)
                .revalidateAfter(Duration.ZERO).build(), Map.of("racy", racy))) {
            HttpResponse<byte[]> r = new HttpTester(g.baseUri()).get("/racy/a.txt", "Range", "bytes=0-");
            String body = new String(r.body(), StandardCharsets.UTF_8);
            assertThat(body).isEqualTo("version two!");
            assertThat(r.headers().firstValue("content-length")).hasValue("12");
            assertThat(r.headers().firstValue("etag")).isNotEqualTo(java.util.Optional.of("\"" + first.etag() + "\""))
                    .hasValue("\"" + plain.stat("a.txt").etag() + "\"");
        }
    }
}
