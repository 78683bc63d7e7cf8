package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.testkit.faults.StallingHttpServer;
import java.io.InputStream;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store's {@code deadline} bounds a whole call on S3, against servers that stall where a deadline on the first
 * request alone would not help: the second page of a listing, the body of an object after its first bytes, a part or
 * the completion of a multipart upload, and the completion of a multipart copy (whose failed upload is still aborted
 * after the deadline, so none is left behind). The
 * SDK's own timeouts are set far longer, so only the deadline can end these calls in time; one retry level means a
 * stalled request is sent once, not once per SDK attempt. The deadline (5 s) leaves a first request on a loaded
 * machine (the SDK's first call loads much of it) time to pass; what stalls would otherwise wait 90 s or for ever.
 */
class S3DeadlineWireTest {
    private static final String FIRST_PAGE = """
            <?xml version="1.0" encoding="UTF-8"?>
            <ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">
              <Name>bkt</Name><Prefix></Prefix><KeyCount>1</KeyCount><MaxKeys>1000</MaxKeys>
              <EncodingType>url</EncodingType><IsTruncated>true</IsTruncated>
              <NextContinuationToken>page-2</NextContinuationToken>
              <Contents><Key>a.txt</Key><LastModified>2026-01-01T00:00:00.000Z</LastModified>
                <ETag>"0cc175b9c0f1b6a831c399e269772661"</ETag><Size>1</Size><StorageClass>STANDARD</StorageClass>
              </Contents>
            </ListBucketResult>
            """;

    /** 5 MiB parts above 5 MiB: a 6 MiB put is a multipart upload of two parts. */
    private static final String SMALL_PARTS = "&partSizeMiB=5&multipartThresholdMiB=5&maxAttempts=1";

    private static BlobStore open(String endpoint) {
        return open(endpoint, "");
    }

    private static BlobStore open(String endpoint, String extra) {
        return BlobStores.open("s3://bkt?endpoint=" + endpoint + "&region=us-east-1&pathStyle=true"
                + "&accessKey=AKIDTEST&secretKey=deadline-secret&requestTimeout=120s&deadline=5s" + extra);
    }

    private static void stubCreate(WireMockServer server, String path, String uploadId) {
        server.stubFor(post(urlPathEqualTo(path)).withQueryParam("uploads", matching(".*"))
                .willReturn(aResponse().withStatus(200).withBody("<InitiateMultipartUploadResult><Bucket>bkt</Bucket>"
                        + "<Key>" + path.substring(path.lastIndexOf('/') + 1) + "</Key><UploadId>" + uploadId
                        + "</UploadId></InitiateMultipartUploadResult>")));
        server.stubFor(delete(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo(uploadId))
                .willReturn(aResponse().withStatus(204)));
    }

    private static String md5(byte[] data, int length) throws Exception {
        MessageDigest md = MessageDigest.getInstance("MD5");
        md.update(data, 0, length);
        return HexFormat.of().formatHex(md.digest());
    }

    /** Runs a write that must fail with DEADLINE_EXCEEDED, and checks it did so near the 5 s deadline. */
    private static void failsAtTheDeadline(Operation op, ThrowingCall write) {
        long start = System.nanoTime();
        assertThatThrownBy(write::run).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
            assertThat(e.operation()).isEqualTo(op);
            assertThat(e.getMessage()).contains("5 s");
        });
        // the abort may add a little after the deadline; the stalled request would hold it 90 s
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(30));
    }

    private interface ThrowingCall {
        void run() throws Exception;
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMultipartUploadWhosePartNeverAnswersFailsAtTheDeadlineAndIsAborted() {
        String path = "/bkt/big.bin";
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            stubCreate(server, path, "UP1");
            server.stubFor(put(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP1"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(90_000).withHeader("ETag", "\"part\"")));
            byte[] data = new byte[6 * 1024 * 1024];
            try (BlobStore store = open("http://127.0.0.1:" + server.port(), SMALL_PARTS)) {
                failsAtTheDeadline(Operation.PUT, () -> store.put("big.bin", data));
            }
            server.verify(1, deleteRequestedFor(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP1")));
            server.verify(0, postRequestedFor(urlPathEqualTo(path)).withQueryParam("uploadId", matching(".*")));
        } finally {
            server.stop();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aMultipartUploadWhoseCompletionNeverAnswersFailsAtTheDeadlineAndIsAborted() throws Exception {
        String path = "/bkt/big.bin";
        int part = 5 * 1024 * 1024;
        byte[] data = new byte[part + 1024 * 1024];
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            stubCreate(server, path, "UP2");
            server.stubFor(put(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP2"))
                    .withQueryParam("partNumber", equalTo("1")).willReturn(aResponse().withStatus(200)
                            .withHeader("ETag", "\"" + md5(data, part) + "\"")));
            server.stubFor(put(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP2"))
                    .withQueryParam("partNumber", equalTo("2")).willReturn(aResponse().withStatus(200)
                            .withHeader("ETag", "\"" + md5(data, data.length - part) + "\"")));
            server.stubFor(post(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP2"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(90_000).withBody(
                            "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>big.bin</Key>"
                                    + "<ETag>\"done-2\"</ETag></CompleteMultipartUploadResult>")));
            try (BlobStore store = open("http://127.0.0.1:" + server.port(), SMALL_PARTS)) {
                failsAtTheDeadline(Operation.PUT, () -> store.put("big.bin", data));
            }
            server.verify(1, postRequestedFor(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP2")));
            server.verify(1, deleteRequestedFor(urlPathEqualTo(path)).withQueryParam("uploadId", equalTo("UP2")));
        } finally {
            server.stop();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aLargeCopyWhoseCompletionNeverAnswersFailsAtTheDeadlineAndIsAborted() {
        String target = "/bkt/copy.bin";
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            // over 5 GiB: a multipart copy of twelve UploadPartCopy ranges
            server.stubFor(head(urlPathEqualTo("/bkt/src.bin")).willReturn(aResponse().withStatus(200)
                    .withHeader("Content-Length", String.valueOf(6L * 1024 * 1024 * 1024))
                    .withHeader("ETag", "\"src\"")));
            stubCreate(server, target, "CP1");
            server.stubFor(put(urlPathEqualTo(target)).withQueryParam("uploadId", equalTo("CP1"))
                    .willReturn(aResponse().withStatus(200).withBody("<CopyPartResult><ETag>\"p\"</ETag>"
                            + "<LastModified>2026-01-01T00:00:00.000Z</LastModified></CopyPartResult>")));
            server.stubFor(post(urlPathEqualTo(target)).withQueryParam("uploadId", equalTo("CP1"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(90_000).withBody(
                            "<CompleteMultipartUploadResult><Bucket>bkt</Bucket><Key>copy.bin</Key>"
                                    + "<ETag>\"done-12\"</ETag></CompleteMultipartUploadResult>")));
            try (BlobStore store = open("http://127.0.0.1:" + server.port(), "&maxAttempts=1")) {
                failsAtTheDeadline(Operation.COPY, () -> store.copy("src.bin", "copy.bin"));
            }
            server.verify(1, postRequestedFor(urlPathEqualTo(target)).withQueryParam("uploadId", equalTo("CP1")));
            server.verify(1, deleteRequestedFor(urlPathEqualTo(target)).withQueryParam("uploadId", equalTo("CP1")));
        } finally {
            server.stop();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aStalledSecondPageOfAListingFailsAtTheDeadlineAndIsRequestedOnce() {
        WireMockServer server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        try {
            server.stubFor(get(urlPathMatching("/bkt/?")).withQueryParam("continuation-token", absent())
                    .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/xml")
                            .withBody(FIRST_PAGE)));
            server.stubFor(get(urlPathMatching("/bkt/?")).withQueryParam("continuation-token", equalTo("page-2"))
                    .willReturn(aResponse().withStatus(200).withFixedDelay(90_000)
                            .withHeader("Content-Type", "application/xml").withBody(FIRST_PAGE)));
            try (BlobStore store = open("http://127.0.0.1:" + server.port());
                 Stream<ListEntry> listing = store.list(ListOptions.all())) {
                Iterator<ListEntry> it = listing.iterator();
                assertThat(it.next().key()).isEqualTo("a.txt");
                assertThatThrownBy(it::hasNext).isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                    assertThat(e.operation()).isEqualTo(Operation.LIST);
                    assertThat(e.getMessage()).contains("5 s");
                });
            }
            server.verify(1, getRequestedFor(urlPathMatching("/bkt/?"))
                    .withQueryParam("continuation-token", equalTo("page-2")));
        } finally {
            server.stop();
        }
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aBodyThatStallsAfterItsFirstBytesFailsAtTheDeadlineNotAtTheSocketTimeout() throws Exception {
        String head = "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\nContent-Type: application/octet-stream\r\n"
                + "ETag: \"0123456789abcdef0123456789abcdef\"\r\n\r\n";
        try (StallingHttpServer stalling = new StallingHttpServer(Map.of(), head, 500);
             BlobStore store = open(stalling.url());
             InputStream in = store.get("k.bin")) {
            assertThat(in.readNBytes(500)).hasSize(500);
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                assertThat(e.operation()).isEqualTo(Operation.GET);
                assertThat(e.key()).isEqualTo("k.bin");
                assertThat(e.retryable()).isTrue();
            });
        }
    }
}
