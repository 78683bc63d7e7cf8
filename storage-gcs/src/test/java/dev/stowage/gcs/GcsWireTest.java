package dev.stowage.gcs;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.deleteRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The GCS driver's wire behaviour: every JSON API call it makes, against WireMock answering as the JSON API
 * reference documents (object resources, list pages, resumable sessions, rewrite, error bodies).
 */
class GcsWireTest {
    static final String OBJECTS = "/storage/v1/b/bkt/o";
    static final String GENERATION = "1700000000000001";
    WireMockServer wire;
    BlobStore store;

    @BeforeEach
    void start() {
        // GCS sends stored bytes as they are; WireMock would otherwise gzip bodies for clients that accept it
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true));
        wire.start();
        store = open("");
    }

    @AfterEach
    void stop() {
        store.close();
        wire.stop();
    }

    BlobStore open(String extra) {
        return BlobStores.open("gs://bkt/dir?endpoint=http://127.0.0.1:" + wire.port()
                + "&noCredentials=true&project=p&maxAttempts=3&retryDelay=10ms&requestTimeout=2s&chunkSize=1" + extra);
    }

    static String object(String name, long size) {
        return "{\"kind\":\"storage#object\",\"id\":\"bkt/" + name + "/" + GENERATION + "\",\"name\":\"" + name
                + "\",\"bucket\":\"bkt\",\"generation\":\"" + GENERATION + "\",\"metageneration\":\"1\","
                + "\"contentType\":\"text/plain\",\"size\":\"" + size + "\",\"updated\":\"2026-11-23T10:00:00.000Z\","
                + "\"cacheControl\":\"max-age=60\",\"metadata\":{\"Owner\":\"ada\"}}";
    }

    static ResponseDefinitionBuilder json(int status, String body) {
        return aResponse().withStatus(status).withHeader("Content-Type", "application/json; charset=UTF-8")
                .withBody(body);
    }

    static String error(int code, String reason, String message) {
        return "{\"error\":{\"code\":" + code + ",\"message\":\"" + message + "\",\"errors\":[{\"message\":\""
                + message + "\",\"domain\":\"global\",\"reason\":\"" + reason + "\"}]}}";
    }

    @Test
    void statGetsTheObjectResourceUnderTheFolderAndReportsTheGenerationAsEtag() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fa%20b.txt")).willReturn(json(200, object("dir/a b.txt", 5))));
        BlobInfo info = store.stat("a b.txt");
        assertThat(info.key()).isEqualTo("a b.txt");
        assertThat(info.size()).isEqualTo(5);
        assertThat(info.etag()).isEqualTo(GENERATION);
        assertThat(info.contentType()).isEqualTo("text/plain");
        assertThat(info.cacheControl()).isEqualTo("max-age=60");
        assertThat(info.userMetadata()).isEqualTo(Map.of("owner", "ada"));
    }

    @Test
    void statOfMissingObjectIsNotFound() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fnope")).willReturn(json(404,
                error(404, "notFound", "No such object: bkt/dir/nope"))));
        assertThatThrownBy(() -> store.stat("nope")).isInstanceOfSatisfying(StorageException.class, e ->
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.exists("nope")).isFalse();
    }

    @Test
    void plusInAKeyIsSentAsAPlusNotASpace() {
        wire.stubFor(get(urlPathMatching(OBJECTS + "/dir%2Fa(\\+|%2B)b\\.txt")).willReturn(json(200,
                object("dir/a+b.txt", 1))));
        assertThat(store.stat("a+b.txt").key()).isEqualTo("a+b.txt");
    }

    @Test
    void smallPutIsOneMultipartUploadCarryingMetadataAndTheCreateOnlyPrecondition() {
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).willReturn(json(200, object("dir/k.txt", 5))));
        BlobInfo info = store.put("k.txt", ContentSource.ofBytes("hello".getBytes(StandardCharsets.UTF_8)),
                PutOptions.builder().contentType("text/plain").cacheControl("max-age=60")
                        .metadata(Map.of("owner", "ada")).ifNoneMatch("*").build());
        assertThat(info.etag()).isEqualTo(GENERATION);
        wire.verify(1, postRequestedFor(urlPathEqualTo("/upload" + OBJECTS))
                .withQueryParam("uploadType", equalTo("multipart"))
                .withQueryParam("ifGenerationMatch", equalTo("0"))
                .withRequestBody(containing("\"name\":\"dir/k.txt\""))
                .withRequestBody(containing("\"cacheControl\":\"max-age=60\""))
                .withRequestBody(containing("\"owner\":\"ada\""))
                .withRequestBody(containing("hello")));
    }

    @Test
    void ifMatchSendsTheEtagAsGenerationMatchAndA412IsPreconditionFailed() {
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).willReturn(json(412, error(412, "conditionNotMet",
                "At least one of the pre-conditions you specified did not hold."))));
        assertThatThrownBy(() -> store.put("k.txt", ContentSource.ofBytes(new byte[] {1}),
                PutOptions.builder().ifMatch("\"42\"").build()))
                .isInstanceOfSatisfying(StorageException.class, e ->
                        assertThat(e.code()).isEqualTo(ErrorCode.PRECONDITION_FAILED));
        wire.verify(postRequestedFor(urlPathEqualTo("/upload" + OBJECTS)).withQueryParam("ifGenerationMatch",
                equalTo("42")));
    }

    @Test
    void unknownLengthPutIsAResumableSessionFinalizedWithTheTotal() {
        String session = "/upload" + OBJECTS + "?uploadType=resumable&upload_id=session-1";
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).withQueryParam("uploadType", equalTo("resumable"))
                .willReturn(aResponse().withStatus(200).withHeader("Location",
                        "http://127.0.0.1:" + wire.port() + session)));
        wire.stubFor(put(urlPathEqualTo("/upload" + OBJECTS)).withQueryParam("upload_id", equalTo("session-1"))
                .withHeader("Content-Range", equalTo("bytes 0-1048575/*"))
                .willReturn(aResponse().withStatus(308).withHeader("Range", "bytes=0-1048575")));
        wire.stubFor(put(urlPathEqualTo("/upload" + OBJECTS)).withQueryParam("upload_id", equalTo("session-1"))
                .withHeader("Content-Range", matching("bytes 1048576-1572863/1572864"))
                .willReturn(json(200, object("dir/big.bin", 1572864))));
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fbig.bin")).willReturn(json(200,
                object("dir/big.bin", 1572864))));
        BlobInfo info = store.put("big.bin", ContentSource.ofStream(new ByteArrayInputStream(new byte[1572864]),
                ContentSource.UNKNOWN_LENGTH), PutOptions.defaults());
        assertThat(info.size()).isEqualTo(1572864);
        wire.verify(1, postRequestedFor(urlPathEqualTo("/upload" + OBJECTS))
                .withQueryParam("uploadType", equalTo("resumable")).withRequestBody(containing("dir/big.bin")));
        wire.verify(2, putRequestedFor(urlPathEqualTo("/upload" + OBJECTS)));
    }

    @Test
    void failedStreamNeverFinalizesTheResumableSession() {
        String session = "/upload" + OBJECTS + "?uploadType=resumable&upload_id=session-2";
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).willReturn(aResponse().withStatus(200)
                .withHeader("Location", "http://127.0.0.1:" + wire.port() + session)));
        wire.stubFor(put(urlPathEqualTo("/upload" + OBJECTS)).willReturn(aResponse().withStatus(308)
                .withHeader("Range", "bytes=0-1048575")));
        java.io.InputStream failing = new java.io.InputStream() {
            int n;

            @Override
            public int read() throws java.io.IOException {
                if (++n > 1_500_000) {
                    throw new java.io.IOException("source broke");
                }
                return 1;
            }
        };
        assertThatThrownBy(() -> store.put("broken.bin", ContentSource.ofStream(failing,
                ContentSource.UNKNOWN_LENGTH), PutOptions.defaults())).isInstanceOf(StorageException.class);
        // no request ever declared a total size, so the session was never finalized
        wire.verify(0, putRequestedFor(urlPathEqualTo("/upload" + OBJECTS))
                .withHeader("Content-Range", matching("bytes .*/[0-9]+")));
    }

    @Test
    void rangedReadIsAnAltMediaGetPinnedToTheGenerationWithARangeHeader() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/download" + OBJECTS + "/dir%2Fr.bin")).withQueryParam("alt", equalTo("media"))
                .withHeader("Range", equalTo("bytes=2-5"))
                .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 2-5/10")
                        .withHeader("x-goog-generation", GENERATION).withBody(new byte[] {2, 3, 4, 5})));
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fr.bin")).withQueryParam("projection", equalTo("full"))
                .willReturn(json(200, object("dir/r.bin", 10))));
        try (BlobInputStream in = store.get("r.bin", ByteRange.of(2, 4))) {
            assertThat(in.readAllBytes()).containsExactly(2, 3, 4, 5);
        }
        wire.verify(getRequestedFor(urlPathEqualTo("/download" + OBJECTS + "/dir%2Fr.bin")).withQueryParam("alt", equalTo("media"))
                .withQueryParam("generation", equalTo(GENERATION)).withHeader("Range", equalTo("bytes=2-5")));
    }

    @Test
    void smallWholeReadIsOneMetadataGetAndOneAltMediaGetPinnedToTheGeneration() throws Exception {
        wire.stubFor(get(urlPathEqualTo("/download" + OBJECTS + "/dir%2Fs.bin")).withQueryParam("alt", equalTo("media"))
                .willReturn(aResponse().withStatus(200).withHeader("x-goog-generation", GENERATION)
                        .withBody(new byte[] {1, 2, 3})));
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fs.bin")).willReturn(json(200, object("dir/s.bin", 3))));
        try (BlobInputStream in = store.get("s.bin")) {
            assertThat(in.info().etag()).isEqualTo(GENERATION);
            assertThat(in.readAllBytes()).containsExactly(1, 2, 3);
        }
        wire.verify(1, getRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fs.bin"))
                .withQueryParam("fields", containing("generation")).withQueryParam("fields", containing("metadata")));
        wire.verify(1, getRequestedFor(urlPathEqualTo("/download" + OBJECTS + "/dir%2Fs.bin"))
                .withQueryParam("generation", equalTo(GENERATION)).withHeader("Range", absent()));
    }

    @Test
    void readRacingAnOverwriteReadsTheNewGenerationInsteadOfReportingTheObjectMissing() throws Exception {
        String newer = "1700000000000002";
        String media = stubOverwrittenBetweenMetadataAndBytes("o.bin", 3, 4, newer);
        wire.stubFor(get(urlPathEqualTo(media)).withQueryParam("generation", equalTo(newer))
                .willReturn(aResponse().withStatus(200).withHeader("x-goog-generation", newer)
                        .withBody(new byte[] {9, 8, 7, 6})));
        try (BlobInputStream in = store.get("o.bin")) {
            assertThat(in.info().etag()).isEqualTo(newer);
            assertThat(in.info().size()).isEqualTo(4);
            assertThat(in.readAllBytes()).containsExactly(9, 8, 7, 6);
        }
        wire.verify(2, getRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fo.bin")));
    }

    @Test
    void rangedReadRacingAnOverwriteReadsTheNewGeneration() throws Exception {
        String newer = "1700000000000002";
        String media = stubOverwrittenBetweenMetadataAndBytes("r2.bin", 10, 10, newer);
        wire.stubFor(get(urlPathEqualTo(media)).withQueryParam("generation", equalTo(newer))
                .withHeader("Range", equalTo("bytes=2-5"))
                .willReturn(aResponse().withStatus(206).withHeader("Content-Range", "bytes 2-5/10")
                        .withHeader("x-goog-generation", newer).withBody(new byte[] {12, 13, 14, 15})));
        try (BlobInputStream in = store.get("r2.bin", ByteRange.of(2, 4))) {
            assertThat(in.info().etag()).isEqualTo(newer);
            assertThat(in.readAllBytes()).containsExactly(12, 13, 14, 15);
        }
        wire.verify(2, getRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fr2.bin")));
    }

    /**
     * The first metadata request names the old generation, which an overwrite removes before its bytes are asked
     * for (404); the next one names {@code newer}. Returns the media path, for the new generation's stub.
     */
    private String stubOverwrittenBetweenMetadataAndBytes(String name, long oldSize, long newSize, String newer) {
        String path = OBJECTS + "/dir%2F" + name;
        wire.stubFor(get(urlPathEqualTo(path)).inScenario("overwrite").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, object("dir/" + name, oldSize))).willSetStateTo("replaced"));
        wire.stubFor(get(urlPathEqualTo(path)).inScenario("overwrite").whenScenarioStateIs("replaced")
                .willReturn(json(200, object("dir/" + name, newSize).replace(GENERATION, newer))));
        wire.stubFor(get(urlPathEqualTo("/download" + path)).withQueryParam("generation", equalTo(GENERATION))
                .willReturn(json(404, error(404, "notFound", "No such object: bkt/dir/" + name))));
        return "/download" + path;
    }

    @Test
    void objectDeletedBetweenMetadataAndBytesIsNotFoundAfterLookingAgain() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fd.bin")).inScenario("delete")
                .whenScenarioStateIs(Scenario.STARTED).willReturn(json(200, object("dir/d.bin", 3)))
                .willSetStateTo("deleted"));
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fd.bin")).inScenario("delete")
                .whenScenarioStateIs("deleted")
                .willReturn(json(404, error(404, "notFound", "No such object: bkt/dir/d.bin"))));
        wire.stubFor(get(urlPathEqualTo("/download" + OBJECTS + "/dir%2Fd.bin"))
                .willReturn(json(404, error(404, "notFound", "No such object: bkt/dir/d.bin"))));
        assertThatThrownBy(() -> store.get("d.bin")).isInstanceOfSatisfying(StorageException.class, e ->
                assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        wire.verify(2, getRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fd.bin")));
    }

    @Test
    void smallPutIsOneRequestAndNoStatAfterwards() {
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).willReturn(json(200, object("dir/p.bin", 3))));
        BlobInfo info = store.put("p.bin", ContentSource.ofStream(new ByteArrayInputStream(new byte[3]), 3),
                PutOptions.defaults());
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.etag()).isEqualTo(GENERATION);
        wire.verify(1, postRequestedFor(urlPathEqualTo("/upload" + OBJECTS)));
        wire.verify(0, getRequestedFor(urlPathMatching(".*")));
    }

    @Test
    void bodyCutShortOfItsContentLengthIsAnError() {
        wire.stubFor(get(urlPathEqualTo("/download" + OBJECTS + "/dir%2Fr.bin")).withQueryParam("alt", equalTo("media"))
                .willReturn(aResponse().withStatus(200).withHeader("Content-Length", "1000")
                        .withHeader("x-goog-generation", GENERATION).withBody(new byte[500])));
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fr.bin")).withQueryParam("projection", equalTo("full"))
                .willReturn(json(200, object("dir/r.bin", 1000))));
        assertThatThrownBy(() -> {
            try (BlobInputStream in = store.get("r.bin")) {
                in.readAllBytes();
            }
        }).isInstanceOfAny(StorageException.class, java.io.IOException.class)
                .satisfies(e -> assertThat(e.toString()).doesNotContain("404"));
    }

    @Test
    void listSendsPrefixDelimiterPageSizeAndStartOffsetAndFollowsPageTokens() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS)).withQueryParam("pageToken", equalTo("t2"))
                .willReturn(json(200, "{\"kind\":\"storage#objects\",\"items\":[" + object("dir/p/c", 3) + "]}")));
        wire.stubFor(get(urlPathEqualTo(OBJECTS)).withQueryParam("prefix", equalTo("dir/p/"))
                .withQueryParam("delimiter", equalTo("/")).withQueryParam("maxResults", equalTo("2"))
                .withQueryParam("startOffset", equalTo("dir/p/a")).withQueryParam("pageToken", absent())
                .willReturn(json(200, "{\"kind\":\"storage#objects\",\"nextPageToken\":\"t2\",\"prefixes\":[\"dir/p/b/\"],"
                        + "\"items\":[" + object("dir/p/a", 1) + "," + object("dir/p/a0", 2) + "]}")));
        assertThat(store.list(ListOptions.builder().prefix("p/").delimiter("/").startAfter("p/a").pageSize(2)
                .build()).map(ListEntry::key)).containsExactly("p/a0", "p/b/", "p/c");
    }

    @Test
    void copyIsARewriteRepeatedUntilDone() {
        String rewrite = OBJECTS + "/dir%2Fsrc/rewriteTo/b/bkt/o/dir%2Fdst";
        wire.stubFor(post(urlPathEqualTo(rewrite)).inScenario("rw").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(200, "{\"kind\":\"storage#rewriteResponse\",\"totalBytesRewritten\":\"5\","
                        + "\"objectSize\":\"10\",\"done\":false,\"rewriteToken\":\"tok\"}")).willSetStateTo("half"));
        wire.stubFor(post(urlPathEqualTo(rewrite)).inScenario("rw").whenScenarioStateIs("half")
                .willReturn(json(200, "{\"kind\":\"storage#rewriteResponse\",\"totalBytesRewritten\":\"10\","
                        + "\"objectSize\":\"10\",\"done\":true,\"resource\":" + object("dir/dst", 10) + "}")));
        BlobInfo info = store.copy("src", "dst");
        assertThat(info.key()).isEqualTo("dst");
        assertThat(info.userMetadata()).containsEntry("owner", "ada");
        wire.verify(2, postRequestedFor(urlPathEqualTo(rewrite)));
        wire.verify(postRequestedFor(urlPathEqualTo(rewrite)).withQueryParam("rewriteToken", equalTo("tok")));
    }

    @Test
    void deleteIsADeleteAndAMissingObjectIsNotAnError() {
        wire.stubFor(delete(urlPathEqualTo(OBJECTS + "/dir%2Fgone")).willReturn(json(404,
                error(404, "notFound", "No such object: bkt/dir/gone"))));
        store.delete("gone");
        wire.verify(deleteRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fgone")));
    }

    @Test
    void missingBucketIsMisconfiguredNotAMissingKey() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS)).willReturn(json(404,
                error(404, "notFound", "The specified bucket does not exist."))));
        assertThatThrownBy(() -> store.list(ListOptions.all()).toList())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    assertThat(e.getMessage()).contains("bucket 'bkt' does not exist");
                });
    }

    @Test
    void forbiddenNamesTheMissingPermissionAndTheCredentialSource() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS)).willReturn(json(403,
                error(403, "forbidden", "x@p.iam.gserviceaccount.com does not have storage.objects.list access"))));
        assertThatThrownBy(() -> store.list(ListOptions.all()).toList())
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
                    assertThat(e.hint()).contains("storage.objects.list").contains("noCredentials=true");
                });
    }

    @Test
    void unauthorizedIsUnauthenticated() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fk")).willReturn(json(401,
                error(401, "required", "Anonymous caller does not have storage.objects.get access"))));
        assertThatThrownBy(() -> store.stat("k")).isInstanceOfSatisfying(StorageException.class, e ->
                assertThat(e.code()).isEqualTo(ErrorCode.UNAUTHENTICATED));
    }

    @Test
    void statIsRetriedAfter503() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fk")).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(503, error(503, "backendError", "Backend Error"))).willSetStateTo("ok"));
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fk")).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(json(200, object("dir/k", 5))));
        assertThat(store.stat("k").size()).isEqualTo(5);
        wire.verify(2, getRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fk")));
    }

    @Test
    void putIsRetriedAfter429() {
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).inScenario("slow").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(json(429, error(429, "rateLimitExceeded", "slow down"))).willSetStateTo("ok"));
        wire.stubFor(post(urlPathEqualTo("/upload" + OBJECTS)).inScenario("slow").whenScenarioStateIs("ok")
                .willReturn(json(200, object("dir/k", 1))));
        store.put("k", ContentSource.ofBytes(new byte[] {1}), PutOptions.defaults());
        wire.verify(2, postRequestedFor(urlPathEqualTo("/upload" + OBJECTS)));
    }

    @Test
    void persistent503IsUnavailableAfterTheConfiguredAttempts() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fk")).willReturn(json(503,
                error(503, "backendError", "Backend Error"))));
        assertThatThrownBy(() -> store.stat("k")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        });
        wire.verify(3, getRequestedFor(urlPathEqualTo(OBJECTS + "/dir%2Fk")));
    }

    @Test
    void signedUrlsAreV4AndSignedLocallyWithTheServiceAccountKey(@TempDir Path dir) throws Exception {
        var keys = KeyPairGenerator.getInstance("RSA");
        keys.initialize(2048);
        var pair = keys.generateKeyPair();
        String pem = "-----BEGIN PRIVATE KEY-----\\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(pair.getPrivate().getEncoded()).replace("\n", "\\n")
                + "\\n-----END PRIVATE KEY-----\\n";
        Path key = dir.resolve("key.json");
        Files.writeString(key, "{\"type\":\"service_account\",\"project_id\":\"p\",\"private_key_id\":\"k1\","
                + "\"private_key\":\"" + pem + "\",\"client_email\":\"signer@p.iam.gserviceaccount.com\","
                + "\"client_id\":\"1\",\"token_uri\":\"http://127.0.0.1:" + wire.port() + "/token\"}");
        try (BlobStore signing = BlobStores.open("gs://bkt/dir?endpoint=http://127.0.0.1:" + wire.port()
                + "&credentialsFile=" + key)) {
            assertThat(signing.capabilities().signedUrl()).isTrue();
            java.net.URI url = signing.signedUrl("a b.txt", SignedUrlOptions.get(Duration.ofMinutes(5)));
            assertThat(url.getRawPath()).isEqualTo("/bkt/dir/a%20b.txt");
            assertThat(url.getQuery()).contains("X-Goog-Algorithm=GOOG4-RSA-SHA256")
                    .contains("X-Goog-Credential=signer@p.iam.gserviceaccount.com/").contains("X-Goog-Expires=300")
                    .contains("X-Goog-Signature=");
            // the signature is RSA-SHA256 over the V4 string to sign, checkable with the public key
            assertThat(url.getRawQuery()).containsPattern("X-Goog-Signature=[0-9a-f]{512}");
        }
        assertThat(store.capabilities().signedUrl()).isFalse();
        assertThatThrownBy(() -> store.signedUrl("k", SignedUrlOptions.get(Duration.ofMinutes(1))))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code())
                        .isEqualTo(ErrorCode.UNSUPPORTED));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aStatWhoseAnswerNeverComesFailsAtTheStoresDeadlineBeforeItsRequestTimeout() {
        wire.stubFor(get(urlPathEqualTo(OBJECTS + "/dir%2Fslow.txt")).willReturn(json(200, object("dir/slow.txt", 5))
                .withFixedDelay(90_000)));
        try (BlobStore bounded = BlobStores.open("gs://bkt/dir?endpoint=http://127.0.0.1:" + wire.port()
                + "&noCredentials=true&project=p&maxAttempts=1&requestTimeout=120s&deadline=5s")) {
            assertThatThrownBy(() -> bounded.stat("slow.txt")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
        }
    }
}
