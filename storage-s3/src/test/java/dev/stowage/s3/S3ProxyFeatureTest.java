package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.StoreRegistry;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.s3.S3Client;

/** S3-specific behaviour against an embedded S3Proxy: multipart, conditions, signed and public URLs, errors. */
class S3ProxyFeatureTest {
    private static final String BUCKET = "features";
    private static final int MIB = 1024 * 1024;
    private static S3ProxyEmulator s3;
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private BlobStore store;
    private String folder;

    @BeforeAll
    static void startEmulator() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        s3.close();
    }

    @BeforeEach
    void openStore() {
        folder = "f-" + UUID.randomUUID().toString().substring(0, 8);
        store = open("&partSize=5MiB&multipartThresholdMiB=5&uploadConcurrency=3");
    }

    @AfterEach
    void closeStore() {
        store.close();
    }

    private BlobStore open(String extraOptions) {
        return BlobStores.open(s3.storeUri(BUCKET, folder) + extraOptions);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void unknownLengthStreamIsUploadedInPartsAndReadBackWhole() throws Exception {
        byte[] data = random(12 * MIB + 123);
        BlobInfo info = store.put("big/unknown.bin", new ByteArrayInputStream(data), ContentSource.UNKNOWN_LENGTH,
                PutOptions.builder().contentType("application/x-test").metadata(Map.of("origin", "stream")).build());
        assertThat(info.size()).isEqualTo(data.length);
        try (BlobInputStream in = store.get("big/unknown.bin")) {
            assertThat(in.readAllBytes()).isEqualTo(data);
            assertThat(in.info().contentType()).isEqualTo("application/x-test");
            assertThat(in.info().userMetadata()).containsEntry("origin", "stream");
        }
        // A multipart ETag has the "-<parts>" suffix: proof that the upload really went in parts.
        assertThat(store.stat("big/unknown.bin").etag()).endsWith("-3");
    }

    @Test
    void knownLengthAboveThresholdGoesMultipart() {
        byte[] data = random(6 * MIB);
        store.put("known.bin", ContentSource.ofBytes(data), PutOptions.defaults());
        assertThat(store.stat("known.bin").etag()).endsWith("-2");
        assertThat(store.getBytes("known.bin")).isEqualTo(data);
    }

    @Test
    void smallUnknownLengthStreamIsOnePut() {
        store.put("small.txt", new ByteArrayInputStream("hello".getBytes()), ContentSource.UNKNOWN_LENGTH,
                PutOptions.defaults());
        assertThat(store.stat("small.txt").etag()).doesNotContain("-");
        assertThat(new String(store.getBytes("small.txt"))).isEqualTo("hello");
    }

    @Test
    void multipartUploadFailingInTheSourceLeavesNoObject() {
        InputStream failing = new InputStream() {
            private int left = 7 * MIB;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (left <= 0) {
                    throw new IllegalStateException("source broke");
                }
                int n = Math.min(len, left);
                left -= n;
                return n;
            }
        };
        assertThatThrownBy(() -> store.put("broken.bin", failing, ContentSource.UNKNOWN_LENGTH, PutOptions.defaults()))
                .isInstanceOf(StorageException.class).hasMessageContaining("source broke");
        assertThat(store.exists("broken.bin")).isFalse();
        S3Client client = store.unwrap(S3Client.class).orElseThrow();
        assertThat(client.listMultipartUploads(r -> r.bucket(BUCKET).prefix(folder)).uploads()).isEmpty();
    }

    @Test
    void conditionalWritesAreNotClaimedForACustomEndpointByDefault() {
        assertThat(store.capabilities().conditionalPut()).isFalse();
        assertThatThrownBy(() -> store.put("c.txt", ContentSource.ofBytes("x".getBytes()),
                PutOptions.builder().ifNoneMatch("*").build()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
    }

    /**
     * Why the default above is right: S3Proxy 2.6.0 ignores If-None-Match on PutObject. If this starts failing,
     * S3Proxy has learnt conditional writes and the fixture can set conditionalWrites=true.
     */
    @Test
    void s3ProxyIgnoresIfNoneMatchSoItMustNotBeClaimed() {
        try (BlobStore claimed = open("&conditionalWrites=true")) {
            PutOptions createOnly = PutOptions.builder().ifNoneMatch("*").build();
            claimed.put("once.txt", ContentSource.ofBytes("first".getBytes()), createOnly);
            claimed.put("once.txt", ContentSource.ofBytes("second".getBytes()), createOnly);
            assertThat(new String(claimed.getBytes("once.txt"))).isEqualTo("second");
        }
    }

    @Test
    void rangeReadReturnsOnlyTheRange() throws Exception {
        store.put("r.bin", "0123456789".getBytes());
        try (BlobInputStream in = store.get("r.bin", ByteRange.of(2, 3))) {
            assertThat(new String(in.readAllBytes())).isEqualTo("234");
            assertThat(in.info().size()).isEqualTo(10);
        }
    }

    @Test
    void serverSideCopyKeepsMetadataAndContentType() {
        store.put("src.txt", ContentSource.ofBytes("copy me".getBytes()), PutOptions.builder()
                .contentType("text/plain").cacheControl("max-age=60").metadata(Map.of("k", "v")).build());
        store.copy("src.txt", "dst/copy.txt");
        BlobInfo copied = store.stat("dst/copy.txt");
        assertThat(copied.contentType()).startsWith("text/plain");
        assertThat(copied.cacheControl()).isEqualTo("max-age=60");
        assertThat(copied.userMetadata()).containsEntry("k", "v");
        assertThat(new String(store.getBytes("dst/copy.txt"))).isEqualTo("copy me");
    }

    @Test
    void signedGetUrlIsFetchableOverHttpAndATamperedOneIsRefused() throws Exception {
        store.put("signed/a b+c.txt", "secret content".getBytes());
        URI url = store.signedUrl("signed/a b+c.txt", SignedUrlOptions.get(Duration.ofMinutes(5)));
        HttpResponse<String> ok = HTTP.send(HttpRequest.newBuilder(url).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(ok.statusCode()).isEqualTo(200);
        assertThat(ok.body()).isEqualTo("secret content");

        String tampered = url.toString().replaceFirst("X-Amz-Signature=([0-9a-f])", "X-Amz-Signature=x");
        HttpResponse<String> refused = HTTP.send(HttpRequest.newBuilder(URI.create(tampered)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);

        URI otherKey = URI.create(url.toString().replace("a%20b%2Bc.txt", "other.txt"));
        assertThat(HTTP.send(HttpRequest.newBuilder(otherKey).build(), HttpResponse.BodyHandlers.discarding())
                .statusCode()).isEqualTo(403);
    }

    @Test
    void signedPutUrlUploadsOverHttp() throws Exception {
        URI url = store.signedUrl("upload.txt", SignedUrlOptions.put(Duration.ofMinutes(5), "text/plain"));
        HttpResponse<String> put = HTTP.send(HttpRequest.newBuilder(url).header("Content-Type", "text/plain")
                .PUT(HttpRequest.BodyPublishers.ofString("uploaded")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(put.statusCode()).isEqualTo(200);
        assertThat(new String(store.getBytes("upload.txt"))).isEqualTo("uploaded");
    }

    @Test
    void publicUrlIsThePathStyleStorageUrlOfTheEndpoint() {
        assertThat(store.publicUrl("dir/a b.txt").toString())
                .isEqualTo(s3.endpoint() + "/" + BUCKET + "/" + folder + "/dir/a%20b.txt");
    }

    @Test
    void publicUrlIsVirtualHostedWithoutPathStyle() {
        try (BlobStore vh = BlobStores.open("s3://my-bucket/pics?region=eu-west-1")) {
            assertThat(vh.publicUrl("cat.jpg").toString())
                    .isEqualTo("https://my-bucket.s3.eu-west-1.amazonaws.com/pics/cat.jpg");
        }
    }

    @Test
    void missingBucketIsMisconfiguredNamingTheBucket() {
        String uri = s3.storeUri("no-such-bucket");
        try (BlobStore missing = BlobStores.open(uri)) {
            for (Runnable op : new Runnable[] {() -> missing.stat("k"), () -> missing.getBytes("k"),
                    () -> missing.put("k", "x".getBytes()), () -> missing.list(dev.stowage.ListOptions.all()).count()}) {
                assertThatThrownBy(op::run).isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.hint()).contains("no-such-bucket");
                });
            }
        }
    }

    @Test
    void missingKeyIsNotFound() {
        assertThatThrownBy(() -> store.stat("nope")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> store.getBytes("nope")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
    }

    @Test
    void wrongSecretIsUnauthenticatedAndNeverShown() {
        String uri = s3.storeUri(BUCKET, folder).replace(S3ProxyEmulator.SECRET_KEY, "wrong-secret-value");
        try (BlobStore bad = BlobStores.open(uri)) {
            assertThatThrownBy(() -> bad.getBytes("k")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(e.hint()).contains("accessKey");
                assertThat(e.getMessage()).doesNotContain("wrong-secret-value");
                assertThat(e.toString()).doesNotContain("wrong-secret-value");
            });
            assertThat(bad.toString()).doesNotContain("wrong-secret-value");
        }
    }

    @Test
    void unwrapReachesTheSdkClient() {
        assertThat(store.unwrap(S3Client.class)).isPresent();
    }

    @Test
    void namedStoreFileUsesTheSameOptionNames() {
        String yaml = "stores:\n"
                + "  photos:\n"
                + "    provider: s3\n"
                + "    bucket: " + BUCKET + "\n"
                + "    folder: " + folder + "/named\n"
                + "    endpoint: " + s3.endpoint() + "\n"
                + "    region: us-east-1\n"
                + "    pathStyle: true\n"
                + "    accessKey: " + S3ProxyEmulator.ACCESS_KEY + "\n"
                + "    secretKey: " + S3ProxyEmulator.SECRET_KEY + "\n";
        try (StoreRegistry registry = StoreRegistry.parse(new StringReader(yaml), "test.yml")) {
            registry.store("photos").put("cat.txt", "meow".getBytes());
        }
        assertThat(new String(store.getBytes("named/cat.txt"))).isEqualTo("meow");
    }

    @Test
    void unknownOptionIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> open("&regoin=eu-west-1")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED));
        assertThatThrownBy(() -> BlobStores.open("s3://b?accessKey=only-the-id"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("secretKey");
                });
    }
}
