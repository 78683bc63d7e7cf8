package dev.stowage.b2;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.http.Fault;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.testkit.StoreUnderTest;
import dev.stowage.testkit.emulator.B2Fake;
import dev.stowage.testkit.faults.StalledReads;
import dev.stowage.testkit.faults.StallingHttpServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Wire-level failures and error answers of B2, shaped as its API reference documents them, and their codes. */
class B2FaultTest {
    private static final String B2_ERROR = "{\"status\": %d, \"code\": \"%s\", \"message\": \"%s\"}";
    private B2Fake fake;

    @BeforeEach
    void start() {
        fake = B2Fake.start("key-id", "app-key", "bkt", "allPrivate");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private BlobStore open(String extra) {
        return BlobStores.open("b2://bkt/f?authorizeUrl=" + fake.baseUrl()
                + "&applicationKeyId=key-id&applicationKey=app-key" + extra);
    }

    private void stub(MappingBuilder m) {
        fake.wireMock().stubFor(m.atPriority(1));
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder b2Error(int status, String code,
                                                                                           String message) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json;charset=utf-8")
                .withBody(String.format(B2_ERROR, status, code, message));
    }

    @Test
    void serviceUnavailableIsRetriedThenReportedAsUnavailable() {
        stub(post(urlPathEqualTo("/b2api/v2/b2_get_file_info_by_name")).willReturn(b2Error(503,
                "service_unavailable", "c001_v0001000_t0000 is too busy")));
        stub(post(urlPathEqualTo("/b2api/v2/b2_list_file_names")).willReturn(b2Error(503,
                "service_unavailable", "c001_v0001000_t0000 is too busy")));
        try (BlobStore store = open("&maxRetries=1")) {
            assertThatThrownBy(() -> store.list(ListOptions.all()).toList())
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                        assertThat(e.retryable()).isTrue();
                    });
        }
        fake.wireMock().verify(2, postRequestedFor(urlPathEqualTo("/b2api/v2/b2_list_file_names")));
    }

    @Test
    void tooManyRequestsIsRateLimited() {
        stub(post(urlPathEqualTo("/b2api/v2/b2_list_file_names")).willReturn(b2Error(429, "too_many_requests",
                "Too many requests").withHeader("Retry-After", "1")));
        try (BlobStore store = open("&maxRetries=0")) {
            assertThatThrownBy(() -> store.list(ListOptions.all()).toList())
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        }
    }

    @Test
    void connectionResetOnDownloadIsUnavailable() {
        try (BlobStore store = open("&maxRetries=0")) {
            store.put("a", new byte[10]);
            stub(get(urlPathMatching("/file/bkt/f/a")).willReturn(aResponse().withFault(
                    Fault.CONNECTION_RESET_BY_PEER)));
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void truncatedDownloadFailsTheReadInsteadOfEndingEarly() {
        try (BlobStore store = open("&maxRetries=0")) {
            store.put("a", new byte[1000]);
            stub(get(urlPathMatching("/file/bkt/f/a")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Length", "1000").withHeader("x-bz-file-id", "4_zX")
                    .withBody(new byte[100])));
            assertThatThrownBy(() -> {
                try (InputStream in = store.get("a")) {
                    in.readAllBytes();
                }
            }).isInstanceOfAny(java.io.IOException.class, StorageException.class);
        }
    }

    // @Timeout guards against the hang under test, on its own thread because a read blocked in the JDK client ignores
    // interrupts; the assertions do not depend on timing.
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingMidBodyFailsTheReadWithRetryableUnavailable() throws Exception {
        try (StallingHttpServer stalling = stallingServer(true);
             BlobStore store = openWithDownloadsFrom(stalling, "&maxRetries=0&requestTimeout=1s")) {
            StalledReads.midBodyStallFailsTheRead(store, "a", "requestTimeout", "1s");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingMidBodyFailsAtTheStoresDeadlineBeforeItsReadTimeout() throws Exception {
        try (StallingHttpServer stalling = stallingServer(true);
             BlobStore store = openWithDownloadsFrom(stalling, "&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            StalledReads.midBodyStallFailsAtTheDeadline(store, "a");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadWhoseAnswerNeverComesFailsAtTheStoresDeadline() throws Exception {
        try (StallingHttpServer silent = stallingServer(false);
             BlobStore store = openWithDownloadsFrom(silent, "&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            StalledReads.unansweredGetFailsAtTheDeadline(store, "a");
        }
    }

    /**
     * The listing goes through the SDK, whose HTTP client ignores interrupts and reads with its own 20 s socket
     * timeout: the request for the second page (the one naming where to start) must be cut to what is left of the
     * deadline, not left to that timeout.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void listingWhoseSecondPageNeverComesFailsAtTheStoresDeadline() {
        try (BlobStore store = open("&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            for (int i = 0; i < 3; i++) {
                store.put("k" + i, new byte[] {(byte) i});
            }
            stub(post(urlPathEqualTo("/b2api/v2/b2_list_file_names")).withRequestBody(matchingJsonPath(
                    "$.startFileName")).willReturn(aResponse().withStatus(200).withFixedDelay(90_000)));
            StalledReads.secondPageStallFailsAtTheDeadline(store, "k0", "k1");
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadWhoseAnswerNeverComesIsRetryableUnavailableNamingRequestTimeout() throws Exception {
        try (StallingHttpServer silent = stallingServer(false);
             BlobStore store = openWithDownloadsFrom(silent, "&maxRetries=0&requestTimeout=1s")) {
            StalledReads.unansweredGetFails(store, "a", "requestTimeout");
        }
    }

    @Test
    void requestTimeoutMustBePositive() {
        assertThatThrownBy(() -> open("&requestTimeout=0s")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
            assertThat(e.getMessage()).contains("requestTimeout");
        });
    }

    @Test
    void unknownLengthContentGoesUpAsALargeFile() {
        byte[] data = StoreUnderTest.randomBytes(11_000_000, 3);
        try (BlobStore store = open("&partSize=5000000")) {
            store.put("big", ContentSource.ofStream(new ByteArrayInputStream(data), ContentSource.UNKNOWN_LENGTH),
                    null);
            assertThat(store.getBytes("big")).isEqualTo(data);
        }
        fake.wireMock().verify(3, postRequestedFor(urlPathMatching("/b2api/v2/b2_upload_part/.*")));
        fake.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/b2api/v2/b2_finish_large_file")));
        assertThat(fake.unfinishedLargeFiles()).isZero();
    }

    @Test
    void failedPartCancelsTheLargeFile() {
        stub(post(urlPathMatching("/b2api/v2/b2_upload_part/.*")).withHeader("X-Bz-Part-Number", equalTo("2"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        byte[] data = new byte[11_000_000];
        try (BlobStore store = open("&partSize=5000000&maxRetries=0")) {
            assertThatThrownBy(() -> store.put("big", ContentSource.ofStream(new ByteArrayInputStream(data),
                    ContentSource.UNKNOWN_LENGTH), null)).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(store.exists("big")).isFalse();
        }
        fake.wireMock().verify(1, postRequestedFor(urlPathEqualTo("/b2api/v2/b2_cancel_large_file")));
        assertThat(fake.unfinishedLargeFiles()).isZero();
    }

    @Test
    void deleteRemovesEveryVersionOfTheName() {
        try (BlobStore store = open("")) {
            store.put("v", new byte[] {1});
            store.put("v", new byte[] {2});
            assertThat(fake.versionCount("f/v")).isEqualTo(2);
            store.delete("v");
            assertThat(store.exists("v")).isFalse();
        }
        assertThat(fake.versionCount("f/v")).isZero();
    }

    @Test
    void hideOnDeleteKeepsTheVersionsBehindAHideMarker() {
        try (BlobStore store = open("&hideOnDelete=true")) {
            store.put("v", new byte[] {1});
            store.put("v", new byte[] {2});
            store.delete("v");
            assertThat(store.exists("v")).isFalse();
            assertThat(store.list(ListOptions.all()).toList()).isEmpty();
            store.delete("v"); // already hidden: not an error
        }
        assertThat(fake.versionCount("f/v")).isEqualTo(3);
    }

    @Test
    void wrongApplicationKeyIsUnauthenticatedAndNamesTheSourceWithoutTheSecret() {
        assertThatThrownBy(() -> BlobStores.open("b2://bkt?authorizeUrl=" + fake.baseUrl()
                + "&applicationKeyId=key-id&applicationKey=wrong-s3cr3t"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                    assertThat(e.hint()).contains("applicationKeyId 'key-id'");
                    assertThat(e.getMessage()).doesNotContain("wrong-s3cr3t");
                });
    }

    @Test
    void missingBucketIsMisconfigured() {
        assertThatThrownBy(() -> BlobStores.open("b2://nope?authorizeUrl=" + fake.baseUrl()
                + "&applicationKeyId=key-id&applicationKey=app-key"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("bucket 'nope'");
                });
    }

    @Test
    void keyLackingACapabilityIsPermissionDeniedNamingIt() {
        stub(post(urlPathEqualTo("/b2api/v2/b2_list_file_names")).willReturn(b2Error(401, "unauthorized",
                "Authorization token is not valid for this operation")));
        try (BlobStore store = open("&maxRetries=0")) {
            assertThatThrownBy(() -> store.list(ListOptions.all()).toList())
                    .isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                        assertThat(e.hint()).contains("listFiles");
                    });
        }
    }

    @Test
    void publicBucketMapsToTheFriendlyUrlThatServesTheFile() throws Exception {
        try (B2Fake pub = B2Fake.start("key-id", "app-key", "pub", "allPublic");
             BlobStore store = BlobStores.open("b2://pub/f?authorizeUrl=" + pub.baseUrl()
                     + "&applicationKeyId=key-id&applicationKey=app-key")) {
            store.put("a b.txt", "hello".getBytes());
            URI url = store.publicUrl("a b.txt");
            assertThat(url.toString()).isEqualTo(pub.baseUrl() + "/file/pub/f/a%20b.txt");
            HttpResponse<String> resp = HttpClient.newHttpClient().send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(resp.body()).isEqualTo("hello");
        }
    }

    @Test
    void privateBucketHasNoPublicUrlUnlessACdnPrefixIsConfigured() {
        try (BlobStore store = open("")) {
            assertThat(store.capabilities().publicUrl()).isFalse();
        }
        try (BlobStore store = open("&publicUrlBase=https://cdn.example.com/media")) {
            assertThat(store.publicUrl("a b.txt").toString()).isEqualTo("https://cdn.example.com/media/a%20b.txt");
        }
    }

    /**
     * B2's documentation calls file names that end with '/' or hold '//' invalid (the fake refuses them as B2 does),
     * so the store refuses them before any request, and capabilities() says so for callers such as cp.
     */
    @Test
    void namesB2RefusesAreRefusedBeforeAnyRequest() throws Exception {
        try (BlobStore store = open("")) {
            assertThat(store.capabilities().looseKeys()).isFalse();
            store.put("probe", new byte[] {1}); // authorized and connected: what follows would be one request each
            int requests = fake.wireMock().getAllServeEvents().size();
            for (String name : new String[] {"photos/", "a//double.txt"}) {
                assertThatThrownBy(() -> store.put(name, new byte[] {1})).isInstanceOf(IllegalArgumentException.class)
                        .hasMessageContaining(name);
                assertThatThrownBy(() -> store.stat(name)).isInstanceOf(IllegalArgumentException.class);
            }
            assertThat(fake.wireMock().getAllServeEvents()).hasSize(requests);
            // the fake holds B2's rule: the driver, asked directly, gets B2's refusal
            BlobStoreDriver driver = store.unwrap(BlobStoreDriver.class).orElseThrow();
            assertThatThrownBy(() -> driver.put("f/a//double.txt", ContentSource.ofBytes(new byte[] {1}),
                    PutOptions.defaults())).satisfies(e -> assertThat(driver.translate(Operation.PUT,
                    "f/a//double.txt", e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));
        }
    }

    /** Opens a store whose account authorization names {@code server} as the download host. */
    private BlobStore openWithDownloadsFrom(StallingHttpServer server, String extra) throws Exception {
        HttpResponse<String> auth = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(fake.baseUrl()
                + "/b2api/v2/b2_authorize_account")).header("Authorization", "Basic " + Base64.getEncoder()
                .encodeToString("key-id:app-key".getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        String redirected = auth.body().replaceFirst("\"downloadUrl\"\\s*:\\s*\"[^\"]*\"",
                "\"downloadUrl\":\"" + server.url() + "\"");
        assertThat(redirected).contains(server.url());
        stub(any(urlPathEqualTo("/b2api/v2/b2_authorize_account")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json").withBody(redirected)));
        return open(extra);
    }

    /**
     * A server that answers with headers promising 1000 bytes and then 500 of them (or, when {@code sendsHeaders}
     * is false, with nothing at all), and then stays silent.
     */
    private static StallingHttpServer stallingServer(boolean sendsHeaders) throws IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n"
                + "x-bz-file-id: 4_zStalling\r\nX-Bz-Upload-Timestamp: 1700000000000\r\n\r\n";
        return new StallingHttpServer(Map.of(), sendsHeaders ? head : null, 500);
    }
}
