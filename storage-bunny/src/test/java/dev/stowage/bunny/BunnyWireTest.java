package dev.stowage.bunny;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.binaryEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.requestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.DigestAlgorithm;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Each Edge Storage API call the driver makes, checked against WireMock stubs shaped as Bunny's API reference
 * documents them: method, path, the {@code AccessKey} and {@code Checksum} headers, status codes, JSON bodies of
 * listings ({@code ObjectName}, {@code Length}, {@code LastChanged}, {@code IsDirectory}, {@code Checksum}, …) and of
 * errors ({@code HttpCode}, {@code Message}).
 */
class BunnyWireTest {
    private static final String KEY = "s3cr3t-zone-password";
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wm.start();
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private BlobStore open(String folder, String extra) {
        return BlobStores.open("bunny://zone" + folder + "?endpoint=http://127.0.0.1:" + wm.port() + "&accessKey="
                + KEY + extra);
    }

    private static String sha256(byte[] data) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    }

    /** One listing entry as the API returns it. */
    private static String entry(String path, String name, boolean dir, long length, String checksum) {
        return "{\"Guid\":\"e9bd8b3c-6b07-4b1c-93a5-0c6c0c2c0d2a\",\"StorageZoneName\":\"zone\",\"Path\":\"/zone/"
                + path + "\",\"ObjectName\":\"" + name + "\",\"Length\":" + length + ",\"LastChanged\":"
                + "\"2024-05-10T11:07:29.203\",\"ServerId\":127,\"ArrayNumber\":0,\"IsDirectory\":" + dir
                + ",\"UserId\":\"c2ba5d1c-b0b9-4c5a-9a5a-63bb5b4e8a0f\",\"ContentType\":\"\",\"DateCreated\":"
                + "\"2024-05-10T11:07:29.203\",\"StorageZoneId\":12345,\"Checksum\":"
                + (checksum == null ? "null" : "\"" + checksum + "\"") + ",\"ReplicatedZones\":\"\"}";
    }

    private static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json").withBody(body);
    }

    private static ResponseDefinitionBuilder bunnyError(int status, String message) {
        return json(status, "{\"HttpCode\":" + status + ",\"Message\":\"" + message + "\"}");
    }

    @Test
    void uploadIsAPutWithTheAccessKeyAndTheUpperCaseSha256AsChecksum() throws Exception {
        byte[] data = "hello bunny".getBytes(StandardCharsets.UTF_8);
        String sha = sha256(data);
        wm.stubFor(put(urlEqualTo("/zone/photos/a%20b.txt")).willReturn(bunnyError(201, "File uploaded.")));
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/photos/a%20b.txt")).willReturn(json(200,
                entry("photos/", "a b.txt", false, data.length, sha.toUpperCase(Locale.ROOT)))));
        BlobInfo info;
        try (BlobStore store = open("/photos", "")) {
            info = store.put("a b.txt", data);
        }
        wm.verify(1, putRequestedFor(urlEqualTo("/zone/photos/a%20b.txt"))
                .withHeader("AccessKey", equalTo(KEY))
                .withHeader("Checksum", equalTo(sha.toUpperCase(Locale.ROOT)))
                .withRequestBody(binaryEqualTo(data)));
        assertThat(info.key()).isEqualTo("a b.txt");
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(info.digests().get(DigestAlgorithm.SHA256)).contains(sha);
        assertThat(info.etag()).isEqualTo(sha);
        assertThat(info.lastModified()).isEqualTo(Instant.parse("2024-05-10T11:07:29.203Z"));
    }

    @Test
    void statAsksDescribeForTheOneFileBecauseTheApiHasNoHead() {
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/dir/f.bin")).willReturn(json(200,
                entry("dir/", "f.bin", false, 42, "A".repeat(64)))));
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/dir/sub")).willReturn(json(200,
                entry("dir/", "sub", true, 0, null))));
        try (BlobStore store = open("", "")) {
            BlobInfo info = store.stat("dir/f.bin");
            assertThat(info.size()).isEqualTo(42);
            assertThat(info.digests().get(DigestAlgorithm.SHA256)).contains("a".repeat(64));
            assertThatThrownBy(() -> store.stat("dir/sub")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
        wm.verify(1, requestedFor("DESCRIBE", urlEqualTo("/zone/dir/f.bin")).withHeader("AccessKey", equalTo(KEY)));
        wm.verify(0, getRequestedFor(anyUrl()));
    }

    @Test
    void statReadsTheParentFolderListingOnceDescribeIsRefused() {
        wm.stubFor(request("DESCRIBE", anyUrl()).willReturn(bunnyError(405, "Method not allowed")));
        wm.stubFor(get(urlEqualTo("/zone/dir/")).willReturn(json(200, "[" + entry("dir/", "sub", true, 0, null) + ","
                + entry("dir/", "f.bin", false, 42, "A".repeat(64)) + "]")));
        try (BlobStore store = open("", "")) {
            assertThat(store.stat("dir/f.bin").size()).isEqualTo(42);
            assertThat(store.stat("dir/f.bin").digests().get(DigestAlgorithm.SHA256)).contains("a".repeat(64));
            assertThatThrownBy(() -> store.stat("dir/sub")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        }
        wm.verify(1, requestedFor("DESCRIBE", anyUrl()));
        wm.verify(3, getRequestedFor(urlEqualTo("/zone/dir/")).withHeader("AccessKey", equalTo(KEY)));
    }

    @Test
    void rangedDownloadSendsTheRangeHeaderAndReportsTheWholeSize() throws Exception {
        byte[] data = "0123456789".getBytes(StandardCharsets.UTF_8);
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/d.txt")).willReturn(json(200, entry("", "d.txt", false, 10,
                sha256(data).toUpperCase(Locale.ROOT)))));
        wm.stubFor(get(urlEqualTo("/zone/d.txt")).withHeader("Range", equalTo("bytes=2-5")).willReturn(aResponse()
                .withStatus(206).withHeader("Content-Range", "bytes 2-5/10").withBody("2345")));
        try (BlobStore store = open("", ""); BlobInputStream in = store.get("d.txt", ByteRange.of(2, 4))) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("2345");
            assertThat(in.info().size()).isEqualTo(10);
        }
        wm.verify(getRequestedFor(urlEqualTo("/zone/d.txt")).withHeader("AccessKey", equalTo(KEY)));
    }

    @Test
    void wholeDownloadWhoseBytesDifferFromTheListedChecksumIsCorruptData() throws Exception {
        byte[] listed = "the stored bytes".getBytes(StandardCharsets.UTF_8);
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/x.bin")).willReturn(json(200, entry("", "x.bin", false,
                listed.length, sha256(listed).toUpperCase(Locale.ROOT)))));
        wm.stubFor(get(urlEqualTo("/zone/x.bin")).willReturn(aResponse().withStatus(200)
                .withBody("THE STORED BYTES")));
        try (BlobStore store = open("", "")) {
            assertThatThrownBy(() -> store.getBytes("x.bin")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        }
    }

    @Test
    void deleteOfAFileSendsDelete() {
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/f/a.txt")).willReturn(json(200, entry("f/", "a.txt", false, 1,
                "B".repeat(64)))));
        wm.stubFor(delete(urlEqualTo("/zone/f/a.txt")).willReturn(bunnyError(200, "File deleted successfuly.")));
        try (BlobStore store = open("/f", "")) {
            store.delete("a.txt");
        }
        wm.verify(1, deleteRequestedFor(urlEqualTo("/zone/f/a.txt")).withHeader("AccessKey", equalTo(KEY)));
    }

    @Test
    void deleteOfAKeyNamedLikeAFolderNeverSendsADelete() {
        // DELETE on a folder's path removes the folder recursively: a key of that name is simply absent
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/photos")).willReturn(json(200,
                entry("", "photos", true, 0, null))));
        try (BlobStore store = open("", "")) {
            store.delete("photos");
        }
        wm.verify(0, deleteRequestedFor(anyUrl()));
    }

    @Test
    void listWalksFoldersAndReturnsKeysInUtf8ByteOrder() {
        wm.stubFor(get(urlEqualTo("/zone/")).willReturn(json(200, "[" + entry("", "b", true, 0, null) + ","
                + entry("", "\u00e9.txt", false, 1, null) + "," + entry("", "b.txt", false, 1, null) + ","
                + entry("", "a", false, 1, null) + "]")));
        wm.stubFor(get(urlEqualTo("/zone/b/")).willReturn(json(200, "[" + entry("b/", "z", false, 3, null) + ","
                + entry("b/", "c", false, 2, null) + "]")));
        try (BlobStore store = open("", "")) {
            List<String> all = store.list(ListOptions.all()).map(ListEntry::key).toList();
            // "b.txt" < "b/" because '.' (0x2E) sorts before '/' (0x2F); 'é' is two bytes from 0xC3
            assertThat(all).containsExactly("a", "b.txt", "b/c", "b/z", "\u00e9.txt");
            List<String> top = store.list(ListOptions.builder().delimiter("/").build()).map(ListEntry::key).toList();
            assertThat(top).containsExactly("a", "b.txt", "b/", "\u00e9.txt");
        }
    }

    @Test
    void wrongPasswordIsUnauthenticatedWithAHintAndNoSecret() {
        wm.stubFor(any(anyUrl()).willReturn(bunnyError(401, "Unauthorized")));
        try (BlobStore store = open("", "")) {
            assertThatThrownBy(() -> store.stat("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(e.hint()).contains("storage zone password").contains("not the account API key");
                assertThat(e.getMessage()).contains("Unauthorized").doesNotContain(KEY);
            });
            assertThat(store.toString()).doesNotContain(KEY);
        }
    }

    @Test
    void checksumRefusedByTheServerIsCorruptData() {
        wm.stubFor(put(anyUrl()).willReturn(bunnyError(400, "Checksum mismatch")));
        try (BlobStore store = open("", "")) {
            assertThatThrownBy(() -> store.put("a", new byte[3])).isInstanceOfSatisfying(StorageException.class,
                    e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                        assertThat(e.getMessage()).contains("Checksum");
                    });
        }
    }

    @Test
    void tooManyRequestsIsRateLimitedAndServerErrorsAreRetryableUnavailable() {
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/a/x")).willReturn(bunnyError(429, "Too many requests")));
        wm.stubFor(request("DESCRIBE", urlEqualTo("/zone/b/x")).willReturn(aResponse().withStatus(503)
                .withBody("busy")));
        try (BlobStore store = open("", "")) {
            assertThatThrownBy(() -> store.stat("a/x")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                assertThat(e.retryable()).isTrue();
            });
            assertThatThrownBy(() -> store.stat("b/x")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
            });
        }
    }

    @Test
    void missingFolderListingIsNotFoundForStatAndEmptyForList() {
        wm.stubFor(get(anyUrl()).willReturn(bunnyError(404, "Object Not Found")));
        try (BlobStore store = open("/nope", "")) {
            assertThatThrownBy(() -> store.stat("a.txt")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
            assertThat(store.list(ListOptions.all()).toList()).isEmpty();
        }
    }

    @Test
    void contentTypeCacheControlAndMetadataAreRefusedByNameBeforeAnyRequest() {
        try (BlobStore store = open("", "")) {
            Map<String, PutOptions> refused = Map.of(
                    "contentType", PutOptions.builder().contentType("image/png").build(),
                    "cacheControl", PutOptions.builder().cacheControl("no-store").build(),
                    "metadata", PutOptions.builder().metadata(Map.of("k", "v")).build());
            refused.forEach((option, opts) -> assertThatThrownBy(() -> store.put("a.png",
                    dev.stowage.ContentSource.ofBytes(new byte[1]), opts))
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
                        assertThat(e.getMessage()).contains(option);
                    }));
            assertThat(store.capabilities().contentType()).isFalse();
            assertThat(store.capabilities().cacheControl()).isFalse();
            assertThat(store.capabilities().userMetadata()).isFalse();
        }
        wm.verify(0, anyRequestedFor(anyUrl()));
    }

    @Test
    void listingAnsweredWithAnHtmlPageIsRetryableUnavailable() {
        wm.stubFor(get(urlEqualTo("/zone/")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "text/html").withBody("<html><body>Gateway</body></html>")));
        try (BlobStore store = open("", "")) {
            assertThatThrownBy(() -> store.list(ListOptions.all()).toList()).isInstanceOfSatisfying(
                    StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
                assertThat(e.getMessage()).contains("not a folder listing");
            });
        }
    }
}
