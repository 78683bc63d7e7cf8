package dev.stowage.oss;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.http.Fault;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.OssFake;
import dev.stowage.testkit.faults.StalledReads;
import dev.stowage.testkit.faults.StallingHttpServer;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Wire-level failures and error answers of OSS, shaped as its API reference documents them, and their codes. */
class OssFaultTest {
    private OssFake fake;

    @BeforeEach
    void start() {
        fake = OssFake.start("bkt", "test-id", "test-secret");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    private BlobStore open(String extra) {
        return BlobStores.open("oss://bkt/f?endpoint=" + fake.baseUrl()
                + "&accessKeyId=test-id&accessKeySecret=test-secret" + extra);
    }

    private void stub(com.github.tomakehurst.wiremock.client.MappingBuilder m) {
        fake.wireMock().stubFor(m.atPriority(1));
    }

    @Test
    void serviceUnavailableIsRetriedThenReportedAsUnavailable() {
        stub(get(urlPathMatching("/bkt/f/a")).willReturn(aResponse().withStatus(503)
                .withHeader("Content-Type", "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Error><Code>ServiceUnavailable</Code><Message>Please reduce your request rate.</Message>"
                        + "<RequestId>5C3D9175B6FC201293AD****</RequestId></Error>")));
        try (BlobStore store = open("&maxRetries=2")) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(e.retryable()).isTrue();
            });
        }
        fake.wireMock().verify(3, anyRequestedFor(urlPathMatching("/bkt/f/a")));
    }

    @Test
    void connectionResetIsUnavailable() {
        stub(get(urlPathMatching("/bkt/f/a")).willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        try (BlobStore store = open("&maxRetries=0")) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
    }

    @Test
    void truncatedBodyFailsTheReadInsteadOfEndingEarly() {
        try (BlobStore store = open("&maxRetries=0")) {
            store.put("a", new byte[1000]);
            stub(get(urlPathMatching("/bkt/f/a")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Length", "1000").withHeader("ETag", "\"X\"").withBody(new byte[100])));
            // The body stops 900 bytes short: reading must fail, never return 100 bytes as if complete.
            assertThatThrownBy(() -> {
                try (InputStream in = store.get("a")) {
                    in.readAllBytes();
                }
            }).isInstanceOfAny(java.io.IOException.class, StorageException.class);
        }
    }

    @Test
    void failedPartAbortsTheMultipartUpload() {
        stub(put(urlPathMatching("/bkt/f/big")).withQueryParam("partNumber",
                com.github.tomakehurst.wiremock.client.WireMock.equalTo("2"))
                .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER)));
        byte[] data = new byte[300 * 1024];
        try (BlobStore store = open("&maxRetries=0&partSize=102400")) {
            InputStream in = new ByteArrayInputStream(data);
            assertThatThrownBy(() -> store.put("big", ContentSource.ofStream(in, ContentSource.UNKNOWN_LENGTH), null))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
            assertThat(store.exists("big")).isFalse();
        }
        assertThat(fake.openUploads()).isZero();
    }

    @Test
    void unknownLengthContentGoesUpInParts() {
        byte[] data = dev.stowage.testkit.StoreUnderTest.randomBytes(250 * 1024, 7);
        try (BlobStore store = open("&partSize=102400")) {
            store.put("big", ContentSource.ofStream(new ByteArrayInputStream(data), ContentSource.UNKNOWN_LENGTH), null);
            assertThat(store.getBytes("big")).isEqualTo(data);
        }
        fake.wireMock().verify(3, putRequestedFor(urlPathMatching("/bkt/f/big"))
                .withQueryParam("partNumber", com.github.tomakehurst.wiremock.client.WireMock.matching("[123]")));
        assertThat(fake.openUploads()).isZero();
    }

    @Test
    void wrongAccessKeyIsUnauthenticatedAndNamesTheSourceWithoutTheSecret() {
        try (BlobStore store = BlobStores.open("oss://bkt/f?endpoint=" + fake.baseUrl()
                + "&accessKeyId=other&accessKeySecret=s3cr3t-value")) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(e.hint()).contains("access key 'other'");
                assertThat(e.getMessage()).doesNotContain("s3cr3t-value");
            });
        }
    }

    @Test
    void missingBucketIsMisconfigured() {
        try (BlobStore store = BlobStores.open("oss://nope?endpoint=" + fake.baseUrl()
                + "&accessKeyId=test-id&accessKeySecret=test-secret")) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                assertThat(e.hint()).contains("bucket 'nope' does not exist");
            });
        }
    }

    @Test
    void accessDeniedNamesThePermission() {
        stub(head(urlPathMatching("/bkt/f/a")).willReturn(aResponse().withStatus(403)
                .withHeader("x-oss-ec", "0003-00000001")));
        stub(get(urlPathMatching("/bkt/f/a")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Error><Code>AccessDenied</Code><Message>You have no right to access this object because "
                        + "of bucket acl.</Message><RequestId>5C3D9175B6FC201293AD****</RequestId>"
                        + "<HostId>bkt.oss-cn-hangzhou.aliyuncs.com</HostId><EC>0003-00000001</EC></Error>")));
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                assertThat(e.hint()).contains("oss:GetObject");
            });
        }
    }

    @Test
    void bucketOnAnotherEndpointIsMisconfiguredWithTheEndpoint() {
        stub(get(urlPathMatching("/bkt/f/a")).willReturn(aResponse().withStatus(403)
                .withHeader("Content-Type", "application/xml").withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<Error><Code>AccessDenied</Code><Message>The bucket you are attempting to access must be "
                        + "addressed using the specified endpoint. Please send all future requests to this endpoint."
                        + "</Message><RequestId>5C3D9175B6FC201293AD****</RequestId>"
                        + "<Bucket>bkt</Bucket><Endpoint>oss-cn-shanghai.aliyuncs.com</Endpoint></Error>")));
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.getBytes("a")).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                assertThat(e.hint()).contains("oss-cn-shanghai.aliyuncs.com");
            });
        }
    }

    @Test
    void missingEndpointIsMisconfigured() {
        assertThatThrownBy(() -> BlobStores.open("oss://bkt?accessKeyId=a&accessKeySecret=b"))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED));
    }

    @Test
    void publicUrlIsVirtualHostedOnTheEndpoint() {
        try (BlobStore store = BlobStores.open("oss://bkt/f?endpoint=https://oss-cn-hangzhou.aliyuncs.com"
                + "&accessKeyId=a&accessKeySecret=b")) {
            assertThat(store.publicUrl("a b.txt").toString())
                    .isEqualTo("https://bkt.oss-cn-hangzhou.aliyuncs.com/f/a%20b.txt");
        }
    }

    /**
     * The SDK's HTTP client ignores interrupts and its socket timeout here is two minutes: only the store's deadline
     * (5 s) can end these within the test's minute.
     */
    @Test
    @Timeout(60)
    void downloadStallingMidBodyFailsAtTheStoresDeadline() throws Exception {
        try (StallingHttpServer stalling = stallingServer(true);
             BlobStore store = openOn(stalling, "&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            StalledReads.midBodyStallFailsAtTheDeadline(store, "a");
        }
    }

    @Test
    @Timeout(60)
    void downloadWhoseAnswerNeverComesFailsAtTheStoresDeadline() throws Exception {
        try (StallingHttpServer silent = stallingServer(false);
             BlobStore store = openOn(silent, "&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            StalledReads.unansweredGetFailsAtTheDeadline(store, "a");
        }
    }

    @Test
    @Timeout(60)
    void listingWhoseSecondPageNeverComesFailsAtTheStoresDeadline() {
        try (BlobStore store = open("&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            for (int i = 0; i < 3; i++) {
                store.put("k" + i, new byte[] {(byte) i});
            }
            stub(get(urlPathMatching("/bkt/?")).withQueryParam("continuation-token", matching(".+"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(90_000)));
            StalledReads.secondPageStallFailsAtTheDeadline(store, "k0", "k1");
        }
    }

    /** A store whose endpoint is {@code server}. */
    private static BlobStore openOn(StallingHttpServer server, String extra) {
        return BlobStores.open("oss://bkt/f?endpoint=" + server.url()
                + "&accessKeyId=test-id&accessKeySecret=test-secret" + extra);
    }

    /**
     * A server that answers with headers promising 1000 bytes and then 500 of them (or, when {@code sendsHeaders}
     * is false, with nothing at all), and then stays silent.
     */
    private static StallingHttpServer stallingServer(boolean sendsHeaders) throws java.io.IOException {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n"
                + "ETag: \"0123456789ABCDEF0123456789ABCDEF\"\r\nx-oss-request-id: 1\r\n\r\n";
        return new StallingHttpServer(Map.of(), sendsHeaders ? head : null, 500);
    }
}
