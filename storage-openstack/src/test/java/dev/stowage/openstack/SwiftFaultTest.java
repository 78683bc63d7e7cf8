package dev.stowage.openstack;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.testkit.faults.StalledReads;
import dev.stowage.testkit.faults.StallingHttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Wire-level failures of Keystone and Swift, with answers shaped as the Identity v3 and Object Storage API references
 * document them (X-Subject-Token, the token's catalog, Swift's status codes), and the portable codes they map to.
 */
class SwiftFaultTest {
    private WireMockServer wm;

    @BeforeEach
    void start() {
        wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true));
        wm.start();
        wm.stubFor(post(urlPathEqualTo("/v3/auth/tokens")).willReturn(token("http://127.0.0.1:" + wm.port()
                + "/v1/AUTH_p1")));
        wm.stubFor(head(urlPathEqualTo("/v1/AUTH_p1/c")).willReturn(aResponse().withStatus(204)
                .withHeader("X-Container-Object-Count", "0")));
    }

    /** Keystone's answer to a password login: a token whose catalog offers Swift at {@code storageUrl}. */
    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder token(String storageUrl) {
        String token = "{\"token\": {\"methods\": [\"password\"], \"expires_at\": \"2099-01-01T00:00:00.000000Z\","
                + " \"issued_at\": \"2024-01-01T00:00:00.000000Z\", \"audit_ids\": [\"x\"],"
                + " \"user\": {\"id\": \"u1\", \"name\": \"tester\", \"domain\": {\"id\": \"default\", \"name\": \"Default\"}},"
                + " \"project\": {\"id\": \"p1\", \"name\": \"test\", \"domain\": {\"id\": \"default\", \"name\": \"Default\"}},"
                + " \"roles\": [{\"id\": \"r1\", \"name\": \"member\"}],"
                + " \"catalog\": [{\"type\": \"object-store\", \"name\": \"swift\", \"id\": \"s1\", \"endpoints\": ["
                + "{\"id\": \"e1\", \"interface\": \"public\", \"region\": \"RegionOne\", \"region_id\": \"RegionOne\","
                + " \"url\": \"" + storageUrl + "\"}]}]}}";
        return aResponse().withStatus(201).withHeader("Content-Type", "application/json")
                .withHeader("X-Subject-Token", "gAAAAtoken").withBody(token);
    }

    @AfterEach
    void stop() {
        wm.stop();
    }

    private BlobStore open() {
        return open("");
    }

    private BlobStore open(String extra) {
        return BlobStores.open("swift://c/f?authUrl=http://127.0.0.1:" + wm.port()
                + "/v3&user=tester&password=s3cr3t-pw&project=test" + extra);
    }

    /** Opens a store whose token's catalog offers Swift at {@code server}. */
    private BlobStore openOn(StallingHttpServer server, String extra) {
        wm.stubFor(any(urlPathEqualTo("/v3/auth/tokens")).atPriority(1).willReturn(token(server.url()
                + "/v1/AUTH_p1")));
        return open(extra);
    }

    // @Timeout guards against the hang under test, on its own thread because a read blocked in the JDK client ignores
    // interrupts; the assertions do not depend on timing.
    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingMidBodyFailsTheReadWithRetryableUnavailable() throws Exception {
        try (StallingHttpServer stalling = stallingServer(true);
             BlobStore store = openOn(stalling, "&requestTimeout=1s")) {
            StalledReads.midBodyStallFailsTheRead(store, "a", "requestTimeout", "1s");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingMidBodyFailsAtTheStoresDeadlineBeforeItsReadTimeout() throws Exception {
        try (StallingHttpServer stalling = stallingServer(true);
             BlobStore store = openOn(stalling, "&requestTimeout=120s&deadline=5s")) {
            StalledReads.midBodyStallFailsAtTheDeadline(store, "a");
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadWhoseAnswerNeverComesFailsAtTheStoresDeadline() throws Exception {
        try (StallingHttpServer silent = stallingServer(false);
             BlobStore store = openOn(silent, "&requestTimeout=120s&deadline=5s")) {
            StalledReads.unansweredGetFailsAtTheDeadline(store, "a");
        }
    }

    @Test
    @Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadWhoseAnswerNeverComesIsRetryableUnavailableNamingRequestTimeout() throws Exception {
        try (StallingHttpServer silent = stallingServer(false);
             BlobStore store = openOn(silent, "&requestTimeout=1s")) {
            StalledReads.unansweredGetFails(store, "a", "requestTimeout");
        }
    }

    /**
     * The first page (two names, as many as asked for) is answered as Swift's container listing answers; the request
     * for the second, which names the last of them as its marker, never gets an answer.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void listingWhoseSecondPageNeverComesFailsAtTheStoresDeadline() {
        String firstPage = "[{\"name\": \"f/a\", \"hash\": \"0cc175b9c0f1b6a831c399e269772661\", \"bytes\": 1,"
                + " \"content_type\": \"application/octet-stream\", \"last_modified\": \"2024-01-01T00:00:00.000000\"},"
                + " {\"name\": \"f/b\", \"hash\": \"92eb5ffee6ae2fec3ad71c777531578f\", \"bytes\": 1,"
                + " \"content_type\": \"application/octet-stream\", \"last_modified\": \"2024-01-01T00:00:00.000000\"}]";
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Type", "application/json; charset=utf-8").withBody(firstPage)));
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c")).withQueryParam("marker", matching(".+")).atPriority(1)
                .willReturn(aResponse().withStatus(200).withFixedDelay(90_000)));
        try (BlobStore store = open("&requestTimeout=120s&deadline=5s")) {
            StalledReads.secondPageStallFailsAtTheDeadline(store, "a", "b");
        }
    }

    @Test
    void requestTimeoutMustBePositive() {
        assertThatThrownBy(() -> open("&requestTimeout=-5s")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
            assertThat(e.getMessage()).contains("requestTimeout");
        });
    }

    @Test
    void serviceUnavailableIsUnavailableAndRetryable() {
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).willReturn(aResponse().withStatus(503)
                .withBody("<html><h1>Service Unavailable</h1><p>The server is currently unavailable.</p></html>")));
        try (BlobStore store = open()) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
            });
        }
    }

    @Test
    void connectionResetIsUnavailable() {
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).willReturn(aResponse().withFault(
                Fault.CONNECTION_RESET_BY_PEER)));
        try (BlobStore store = open()) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void truncatedBodyFailsTheReadInsteadOfEndingEarly() {
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "1000").withHeader("ETag", "\"abc\"").withBody(new byte[100])));
        try (BlobStore store = open()) {
            assertThatThrownBy(() -> {
                try (InputStream in = store.get("a")) {
                    in.readAllBytes();
                }
            }).isInstanceOfAny(java.io.IOException.class, StorageException.class);
        }
    }

    @Test
    void expiredTokenIsRenewedOnceAndTheRequestSentAgain() {
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).inScenario("expiry").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(401).withBody("<html><h1>Unauthorized</h1></html>"))
                .willSetStateTo("renewed"));
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).inScenario("expiry").whenScenarioStateIs("renewed")
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e\"").withHeader("Content-Length", "2")
                        .withBody("hi")));
        try (BlobStore store = open()) {
            assertThat(store.getBytes("a")).isEqualTo("hi".getBytes());
        }
        wm.verify(2, postRequestedFor(urlPathEqualTo("/v3/auth/tokens")));
    }

    @Test
    void forbiddenIsPermissionDeniedNamingTheContainer() {
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).willReturn(aResponse().withStatus(403)
                .withBody("<html><h1>Forbidden</h1><p>Access was denied to this resource.</p></html>")));
        try (BlobStore store = open()) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.hint()).contains("container 'c'");
            });
        }
    }

    @Test
    void rateLimitedIsRateLimited() {
        wm.stubFor(get(urlPathEqualTo("/v1/AUTH_p1/c/f/a")).willReturn(aResponse().withStatus(498)
                .withBody("Slow down")));
        try (BlobStore store = open()) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED));
        }
    }

    @Test
    void missingContainerIsMisconfiguredAtOpen() {
        wm.stubFor(head(urlPathEqualTo("/v1/AUTH_p1/nope")).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> BlobStores.open("swift://nope?authUrl=http://127.0.0.1:" + wm.port()
                + "/v3&user=tester&password=pw&project=test")).isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("container 'nope' does not exist");
                });
    }

    @Test
    void refusedPasswordIsUnauthenticatedWithoutTheSecret() {
        wm.stubFor(post(urlPathEqualTo("/v3/auth/tokens")).atPriority(1).willReturn(aResponse().withStatus(401)
                .withHeader("Content-Type", "application/json").withBody("{\"error\": {\"code\": 401, \"message\": "
                        + "\"The request you have made requires authentication.\", \"title\": \"Unauthorized\"}}")));
        assertThatThrownBy(this::open).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
            assertThat(e.getMessage()).contains("tester").doesNotContain("s3cr3t-pw");
        });
    }

    @Test
    void regionMissingFromTheCatalogIsMisconfiguredListingTheOffered() {
        assertThatThrownBy(() -> BlobStores.open("swift://c?authUrl=http://127.0.0.1:" + wm.port()
                + "/v3&user=tester&password=pw&project=test&region=RegionTwo"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.hint()).contains("RegionOne/public");
                });
    }

    /**
     * A server that answers with headers promising 1000 bytes and then 500 of them (or, when {@code sendsHeaders}
     * is false, with nothing at all), and then stays silent.
     */
    private static StallingHttpServer stallingServer(boolean sendsHeaders) throws IOException {
        // the container check at open is answered; the GET stalls
        String containerHead = "HTTP/1.1 204 No Content\r\nX-Container-Object-Count: 0\r\n\r\n";
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n"
                + "ETag: \"0123456789abcdef\"\r\n\r\n";
        return new StallingHttpServer(Map.of("HEAD", containerHead), sendsHeaders ? head : null, 500);
    }
}
