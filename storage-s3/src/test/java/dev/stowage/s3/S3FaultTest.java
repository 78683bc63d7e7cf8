package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.layer.RetryPolicy;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the S3 driver behaves when the wire misbehaves, against a scripted HTTP server (WireMock). */
class S3FaultTest {
    private static final String SECRET = "fault-test-secret-value";
    private static final String OBJECT = "/bkt/k.txt";
    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private BlobStore open(String extra) {
        return BlobStores.open("s3://bkt?endpoint=http://127.0.0.1:" + server.port()
                + "&region=us-east-1&pathStyle=true&accessKey=AKIDFAULTTEST&secretKey=" + SECRET + extra);
    }

    private static String error(String code) {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>" + code + "</Code><Message>" + code
                + " message</Message><RequestId>R1</RequestId></Error>";
    }

    private static StorageException failure(ThrowingCallable call) {
        Throwable[] caught = new Throwable[1];
        assertThatThrownBy(call).isInstanceOfSatisfying(StorageException.class, e -> caught[0] = e);
        return (StorageException) caught[0];
    }

    private void stubObject(String scenarioState, String nextState, String body) {
        server.stubFor(get(urlPathEqualTo(OBJECT)).inScenario("s").whenScenarioStateIs(scenarioState)
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"e1\"")
                        .withHeader("Content-Type", "text/plain")
                        .withHeader("Content-Length", String.valueOf(body.length())).withBody(body))
                .willSetStateTo(nextState));
    }

    @Test
    void serviceUnavailableIsRetriedBySdkAndThenSucceeds() throws Exception {
        server.stubFor(get(urlPathEqualTo(OBJECT)).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(error("ServiceUnavailable")))
                .willSetStateTo("ok"));
        stubObject("ok", "ok", "hello");
        try (BlobStore store = open("")) {
            assertThat(new String(store.getBytes("k.txt"))).isEqualTo("hello");
        }
        server.verify(2, getRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void slowDownIsRetryableRateLimitedAndTheRetryLayerRecovers() {
        server.stubFor(get(urlPathEqualTo(OBJECT)).inScenario("s").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withBody(error("SlowDown"))).willSetStateTo("slow2"));
        server.stubFor(get(urlPathEqualTo(OBJECT)).inScenario("s").whenScenarioStateIs("slow2")
                .willReturn(aResponse().withStatus(503).withBody(error("SlowDown"))).willSetStateTo("ok"));
        stubObject("ok", "ok", "hello");
        try (BlobStore store = open("&maxAttempts=1")) {
            StorageException e = failure(() -> store.getBytes("k.txt"));
            assertThat(e.code()).isEqualTo(ErrorCode.RATE_LIMITED);
            assertThat(e.retryable()).isTrue();
            BlobStore retrying = Layers.retry(store, new RetryPolicy(4, Duration.ofMillis(20), Duration.ofMillis(100)));
            assertThat(new String(retrying.getBytes("k.txt"))).isEqualTo("hello");
        }
        server.verify(3, getRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void answerSlowerThanRequestTimeoutIsRetryableUnavailable() {
        server.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "5").withHeader("ETag", "\"e\"").withFixedDelay(5000)));
        try (BlobStore store = open("&maxAttempts=1&requestTimeout=500ms")) {
            StorageException e = failure(() -> store.stat("k.txt"));
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        }
        server.verify(1, headRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void requestTimeoutMustBeAPositiveDuration() {
        StorageException e = failure(() -> open("&requestTimeout=0s"));
        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
        assertThat(e.getMessage()).contains("requestTimeout");
    }

    @Test
    void connectionResetMidBodyFailsTheRead() {
        server.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        try (BlobStore store = open("&maxAttempts=1")) {
            assertThatThrownBy(() -> {
                try (BlobInputStream in = store.get("k.txt")) {
                    in.readAllBytes();
                }
            }).isInstanceOfAny(StorageException.class, java.io.IOException.class);
        }
    }

    @Test
    void bodyShorterThanContentLengthIsNeverAShortObject() {
        server.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", "100").withHeader("ETag", "\"e1\"").withBody("only ten b")));
        try (BlobStore store = open("&maxAttempts=1")) {
            assertThatThrownBy(() -> {
                try (BlobInputStream in = store.get("k.txt")) {
                    in.readAllBytes();
                }
            }).isInstanceOfAny(StorageException.class, java.io.IOException.class);
        }
    }

    @Test
    void multipartUploadFailingOnAPartIsAbortedAndNeverCompleted() {
        String path = "/bkt/big.bin";
        server.stubFor(post(urlPathEqualTo(path)).withQueryParam("uploads", matching(".*"))
                .willReturn(aResponse().withStatus(200).withBody("<InitiateMultipartUploadResult><Bucket>bkt</Bucket>"
                        + "<Key>big.bin</Key><UploadId>UP1</UploadId></InitiateMultipartUploadResult>")));
        server.stubFor(put(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP1"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"part\"")));
        server.stubFor(put(urlPathEqualTo(path)).withQueryParam("partNumber", equalTo("2"))
                .willReturn(aResponse().withStatus(500).withBody(error("InternalError"))));
        server.stubFor(delete(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP1"))
                .willReturn(aResponse().withStatus(204)));
        byte[] data = new byte[12 * 1024 * 1024];
        try (BlobStore store = open("&partSizeMiB=5&maxAttempts=2")) {
            StorageException e = failure(() -> store.put("big.bin", new ByteArrayInputStream(data),
                    ContentSource.UNKNOWN_LENGTH, PutOptions.defaults()));
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
        }
        server.verify(1, deleteRequestedFor(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP1")));
        server.verify(0, postRequestedFor(urlPathEqualTo(path)).withQueryParam("uploadId", matching(".*")));
        server.verify(0, putRequestedFor(urlPathEqualTo(path)).withoutQueryParam("partNumber"));
    }

    @Test
    void readOnlyStoreRefusesWritesBeforeAnyRequest() {
        try (BlobStore store = open("&readOnly=true")) {
            for (ThrowingCallable write : new ThrowingCallable[] {() -> store.put("a", "x".getBytes()),
                    () -> store.delete("a"), () -> store.copy("a", "b"),
                    () -> store.put("a", new ByteArrayInputStream(new byte[10]), -1, PutOptions.defaults())}) {
                assertThat(failure(write).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            }
        }
        server.verify(0, anyRequestedFor(anyUrl()));
        assertThat(server.getAllServeEvents()).isEmpty();
    }

    @Test
    void wrongRegionNamesTheBucketsRegion() {
        server.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(301)
                .withHeader("x-amz-bucket-region", "eu-west-1").withBody(error("PermanentRedirect"))));
        server.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(301)
                .withHeader("x-amz-bucket-region", "eu-west-1")));
        try (BlobStore store = open("&maxAttempts=1")) {
            for (ThrowingCallable call : new ThrowingCallable[] {() -> store.getBytes("k.txt"),
                    () -> store.stat("k.txt")}) {
                StorageException e = failure(call);
                assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                assertThat(e.hint()).contains("eu-west-1").contains("region=eu-west-1");
            }
        }
    }

    @Test
    void accessDeniedNamesThePermissionOfTheOperation() {
        server.stubFor(get(urlPathMatching("/bkt.*")).willReturn(aResponse().withStatus(403)
                .withBody(error("AccessDenied"))));
        server.stubFor(put(urlPathMatching("/bkt.*")).willReturn(aResponse().withStatus(403)
                .withBody(error("AccessDenied"))));
        server.stubFor(delete(urlPathMatching("/bkt.*")).willReturn(aResponse().withStatus(403)
                .withBody(error("AccessDenied"))));
        try (BlobStore store = open("&maxAttempts=1")) {
            assertThat(failure(() -> store.getBytes("k.txt")).hint()).contains("s3:GetObject");
            assertThat(failure(() -> store.put("k.txt", "x".getBytes())).hint()).contains("s3:PutObject");
            assertThat(failure(() -> store.list(ListOptions.all()).count()).hint()).contains("s3:ListBucket");
            StorageException del = failure(() -> store.delete("k.txt"));
            assertThat(del.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(del.hint()).contains("s3:DeleteObject");
        }
    }

    @Test
    void refusedCredentialsAreUnauthenticatedWithoutShowingTheSecret() {
        for (String code : new String[] {"InvalidAccessKeyId", "SignatureDoesNotMatch"}) {
            server.resetAll();
            server.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(403).withBody(error(code))));
            try (BlobStore store = open("&maxAttempts=1")) {
                StorageException e = failure(() -> store.getBytes("k.txt"));
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED);
                assertThat(e.hint()).contains("accessKey");
                assertThat(e.getMessage()).doesNotContain(SECRET);
                assertThat(store.toString()).doesNotContain(SECRET);
            }
        }
    }

    @Test
    void conditionalPutSendsTheConditionAndMapsPreconditionFailed() {
        server.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(412)
                .withBody(error("PreconditionFailed"))));
        try (BlobStore store = open("&conditionalWrites=true&maxAttempts=1")) {
            assertThat(failure(() -> store.put("k.txt", ContentSource.ofBytes("x".getBytes()),
                    PutOptions.builder().ifNoneMatch("*").build())).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
            assertThat(failure(() -> store.put("k.txt", ContentSource.ofBytes("x".getBytes()),
                    PutOptions.builder().ifMatch("abc").build())).code()).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        }
        server.verify(putRequestedFor(urlPathEqualTo(OBJECT)).withHeader("If-None-Match", equalTo("*")));
        server.verify(putRequestedFor(urlPathEqualTo(OBJECT)).withHeader("If-Match", equalTo("\"abc\"")));
    }

    @Test
    void missingBucketIsToldApartFromMissingKeyOnHead() {
        server.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(404)));
        server.stubFor(head(urlPathEqualTo("/bkt")).willReturn(aResponse().withStatus(404)));
        try (BlobStore store = open("&maxAttempts=1")) {
            StorageException e = failure(() -> store.stat("k.txt"));
            assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
            assertThat(e.hint()).contains("'bkt' does not exist");
        }
    }

    @Test
    void copyAboveFiveGibUsesMultipartCopyOfRanges() {
        long size = 6L * 1024 * 1024 * 1024;
        String target = "/bkt/copy.bin";
        server.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("Content-Length", String.valueOf(size)).withHeader("ETag", "\"src\"")
                .withHeader("Content-Type", "video/mp4")));
        server.stubFor(post(urlPathEqualTo(target)).withQueryParam("uploads", matching(".*"))
                .willReturn(aResponse().withStatus(200).withBody("<InitiateMultipartUploadResult><Bucket>bkt</Bucket>"
                        + "<Key>copy.bin</Key><UploadId>CP1</UploadId></InitiateMultipartUploadResult>")));
        server.stubFor(put(urlPathEqualTo(target)).withQueryParam("uploadId", equalTo("CP1"))
                .willReturn(aResponse().withStatus(200).withBody("<CopyPartResult><ETag>\"p\"</ETag>"
                        + "<LastModified>2026-01-01T00:00:00.000Z</LastModified></CopyPartResult>")));
        server.stubFor(post(urlPathEqualTo(target)).withQueryParam("uploadId", equalTo("CP1"))
                .willReturn(aResponse().withStatus(200).withBody("<CompleteMultipartUploadResult><Bucket>bkt</Bucket>"
                        + "<Key>copy.bin</Key><ETag>\"done-12\"</ETag></CompleteMultipartUploadResult>")));
        try (BlobStore store = open("&maxAttempts=1")) {
            var info = store.copy("k.txt", "copy.bin");
            assertThat(info.size()).isEqualTo(size);
            assertThat(info.etag()).isEqualTo("done-12");
        }
        // 6 GiB in 512 MiB ranges: 12 UploadPartCopy requests, each pinned to the source's ETag.
        server.verify(12, putRequestedFor(urlPathEqualTo(target)).withHeader("x-amz-copy-source-range",
                matching("bytes=\\d+-\\d+")).withHeader("x-amz-copy-source-if-match", equalTo("\"src\"")));
        server.verify(putRequestedFor(urlPathEqualTo(target)).withHeader("x-amz-copy-source-range",
                equalTo("bytes=5905580032-6442450943")));
        server.verify(0, putRequestedFor(urlPathEqualTo(target)).withoutHeader("x-amz-copy-source-range"));
    }
}
