package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that stores other bytes than it is sent, scripted with WireMock: its ETag (the MD5 of what it stored,
 * by S3's rule) differs from the MD5 of the bytes sent. The write must fail as CORRUPT_DATA and the object be
 * deleted, or the multipart upload aborted; a read whose bytes do not match the ETag must fail too.
 */
class S3IntegrityWireTest {
    private static final String OBJECT = "/bkt/k.bin";
    private WireMockServer server;

    @BeforeEach
    void startServer() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(delete(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(204)));
    }

    @AfterEach
    void stopServer() {
        server.stop();
    }

    private BlobStore open(String extra) {
        return BlobStores.open("s3://bkt?endpoint=http://127.0.0.1:" + server.port()
                + "&region=us-east-1&pathStyle=true&maxAttempts=1&accessKey=AKIDTEST&secretKey=integrity-secret" + extra);
    }

    @Test
    void putWhoseEtagIsNotTheMd5SentFailsAsCorruptDataAndDeletesTheObject() {
        byte[] data = random(55);
        server.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"" + md5(random(228)) + "\"")));
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.put("k.bin", data)).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                assertThat(e.key()).isEqualTo("k.bin");
                assertThat(e.getMessage()).contains(md5(data)).contains("removed");
                assertThat(e.hint()).contains("aws-chunked");
            });
        }
        server.verify(1, deleteRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void putWhoseEtagIsTheMd5SentSucceedsAndReportsIt() {
        byte[] data = random(55);
        server.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"" + md5(data) + "\"")));
        try (BlobStore store = open("")) {
            BlobInfo info = store.put("k.bin", data);
            assertThat(info.digests().get(DigestAlgorithm.MD5)).contains(md5(data));
        }
        server.verify(0, deleteRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void kmsEncryptedObjectsEtagIsNotTakenForAnMd5() {
        server.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("x-amz-server-side-encryption", "aws:kms")
                .withHeader("ETag", "\"" + md5(random(9)) + "\"")));
        try (BlobStore store = open("")) {
            BlobInfo info = store.put("k.bin", random(55));
            assertThat(info.digests().isEmpty()).isTrue();
        }
    }

    @Test
    void md5EtagsFalseTurnsTheEtagCheckOff() {
        server.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"" + md5(random(9)) + "\"")));
        try (BlobStore store = open("&md5Etags=false")) {
            assertThat(store.capabilities().digests()).isEmpty();
            assertThat(store.put("k.bin", random(55)).digests().isEmpty()).isTrue();
        }
    }

    @Test
    void unknownLengthPutWhoseEtagIsNotTheMd5SentFailsAndDeletes() {
        server.stubFor(put(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"" + md5(random(9)) + "\"")));
        try (BlobStore store = open("")) {
            assertThatThrownBy(() -> store.put("k.bin", ContentSource.ofStream(new ByteArrayInputStream(random(70)),
                    ContentSource.UNKNOWN_LENGTH), PutOptions.defaults()))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        }
        server.verify(1, deleteRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void partWhoseEtagIsNotItsMd5AbortsTheUploadAsCorruptData() {
        server.stubFor(post(urlPathEqualTo(OBJECT)).withQueryParam("uploads", matching(".*"))
                .willReturn(aResponse().withStatus(200).withBody("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
                        + "<InitiateMultipartUploadResult><Bucket>bkt</Bucket><Key>k.bin</Key>"
                        + "<UploadId>U1</UploadId></InitiateMultipartUploadResult>")));
        server.stubFor(put(urlPathEqualTo(OBJECT)).withQueryParam("uploadId", matching("U1"))
                .willReturn(aResponse().withStatus(200).withHeader("ETag", "\"" + md5(random(3)) + "\"")));
        server.stubFor(delete(urlPathEqualTo(OBJECT)).withQueryParam("uploadId", matching("U1"))
                .willReturn(aResponse().withStatus(204)));
        byte[] data = random(6 * 1024 * 1024);
        try (BlobStore store = open("&partSizeMiB=5&multipartThresholdMiB=5&uploadConcurrency=1")) {
            assertThatThrownBy(() -> store.put("k.bin", data)).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                assertThat(e.getMessage()).containsPattern("part [12] it stored");
            });
        }
        server.verify(1, deleteRequestedFor(urlPathEqualTo(OBJECT)).withQueryParam("uploadId", matching("U1")));
        server.verify(0, postRequestedFor(urlPathEqualTo(OBJECT)).withQueryParam("uploadId", matching(".*")));
    }

    @Test
    void wholeReadWhoseBytesDoNotMatchTheEtagFailsAsCorruptData() throws Exception {
        byte[] stored = random(1000);
        byte[] served = stored.clone();
        served[500] ^= 1;
        server.stubFor(get(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(200)
                .withHeader("ETag", "\"" + md5(stored) + "\"").withBody(served)));
        try (BlobStore store = open(""); BlobInputStream in = store.get("k.bin")) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                assertThat(e.retryable()).isTrue();
            });
        }
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private static String md5(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(data));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
