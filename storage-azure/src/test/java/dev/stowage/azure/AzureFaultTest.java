package dev.stowage.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
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
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.net.URLEncoder;
import java.time.Duration;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** How the Azure driver behaves when the service misbehaves, with WireMock speaking the Blob REST API. */
class AzureFaultTest {
    static final String BLOB = "/devstoreaccount1/box/k.txt";
    WireMockServer wire;
    BlobStore store;

    @BeforeEach
    void start() {
        wire = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
        wire.start();
        store = BlobStores.open("azure://devstoreaccount1/box?endpoint=http://127.0.0.1:" + wire.port()
                + "/devstoreaccount1&maxAttempts=3&retryDelay=10ms&requestTimeout=1s&accountKey="
                + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8));
    }

    @AfterEach
    void stop() {
        store.close();
        wire.stop();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder properties(int size) {
        return aResponse().withStatus(200).withHeader("Content-Length", String.valueOf(size))
                .withHeader("ETag", "\"0x8D0000000000001\"").withHeader("x-ms-blob-type", "BlockBlob")
                .withHeader("Last-Modified", "Mon, 23 Nov 2026 10:00:00 GMT").withHeader("Content-Type", "text/plain");
    }

    @Test
    void statIsRetriedAfter503() {
        wire.stubFor(head(urlPathEqualTo(BLOB)).inScenario("busy").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(503).withHeader("x-ms-error-code", "ServerBusy"))
                .willSetStateTo("ok"));
        wire.stubFor(head(urlPathEqualTo(BLOB)).inScenario("busy").whenScenarioStateIs("ok")
                .willReturn(properties(5)));
        assertThat(store.stat("k.txt").size()).isEqualTo(5);
        wire.verify(2, headRequestedFor(urlPathEqualTo(BLOB)));
    }

    @Test
    void putIsRetriedAfter429() {
        wire.stubFor(put(urlPathEqualTo(BLOB)).inScenario("throttled").whenScenarioStateIs(Scenario.STARTED)
                .willReturn(aResponse().withStatus(429)).willSetStateTo("ok"));
        wire.stubFor(put(urlPathEqualTo(BLOB)).inScenario("throttled").whenScenarioStateIs("ok")
                .willReturn(aResponse().withStatus(201).withHeader("ETag", "\"0x8D0000000000002\"")
                        .withHeader("Last-Modified", "Mon, 23 Nov 2026 10:00:00 GMT")));
        assertThat(store.put("k.txt", ContentSource.ofBytes(new byte[] {1, 2}), PutOptions.defaults()).etag())
                .as("the ETag in its one form: bare").isEqualTo("0x8D0000000000002");
        wire.verify(2, putRequestedFor(urlPathEqualTo(BLOB)));
    }

    @Test
    void persistent503IsUnavailableAndRetryable() {
        wire.stubFor(any(urlPathEqualTo(BLOB)).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> store.stat("k.txt")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        });
        wire.verify(3, headRequestedFor(urlPathEqualTo(BLOB)));
    }

    @Test
    void truncatedBodyIsAnError() {
        wire.stubFor(head(urlPathEqualTo(BLOB)).willReturn(properties(1000)));
        wire.stubFor(get(urlPathEqualTo(BLOB)).willReturn(aResponse().withFault(Fault.MALFORMED_RESPONSE_CHUNK)));
        assertThatThrownBy(() -> {
            try (BlobInputStream in = store.get("k.txt")) {
                in.readAllBytes();
            }
        }).isInstanceOfAny(StorageException.class, java.io.IOException.class);
    }

    @Test
    void bodyCutShortOfItsContentLengthIsAnError() {
        wire.stubFor(head(urlPathEqualTo(BLOB)).willReturn(properties(1000)));
        // the response promises 1000 bytes and the connection ends after 500
        wire.stubFor(get(urlPathEqualTo(BLOB)).willReturn(aResponse().withStatus(206).withBody(new byte[500])
                .withHeader("Content-Length", "1000").withHeader("Content-Range", "bytes 0-999/1000")
                .withHeader("ETag", "\"0x8D0000000000001\"").withHeader("x-ms-blob-type", "BlockBlob")));
        assertThatThrownBy(() -> {
            try (BlobInputStream in = store.get("k.txt")) {
                in.readAllBytes();
            }
        }).isInstanceOfSatisfying(StorageException.class, e -> {
            // the server closes the connection short of the length (after the SDK's own resumed downloads)
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
        });
    }

    @Test
    void answerSlowerThanRequestTimeoutIsUnavailableNamingTheTimeout() {
        wire.stubFor(head(urlPathEqualTo(BLOB)).willReturn(properties(10).withFixedDelay(5000)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.stat("k.txt")).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).as(e.getMessage()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.getMessage()).contains("requestTimeout");
        });
        // three attempts of one second each, not three of five: the timeout cut each wait short
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(14));
        wire.verify(3, headRequestedFor(urlPathEqualTo(BLOB)));
    }

    @Test
    @org.junit.jupiter.api.Timeout(value = 60, threadMode = org.junit.jupiter.api.Timeout.ThreadMode.SEPARATE_THREAD)
    void aStatWhoseAnswerNeverComesFailsAtTheStoresDeadlineBeforeItsRequestTimeout() {
        wire.stubFor(head(urlPathEqualTo(BLOB)).willReturn(aResponse().withStatus(200).withFixedDelay(90_000)));
        try (BlobStore bounded = BlobStores.open("azure://devstoreaccount1/box?endpoint=http://127.0.0.1:"
                + wire.port() + "/devstoreaccount1&maxAttempts=1&requestTimeout=120s&deadline=5s&accountKey="
                + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8))) {
            assertThatThrownBy(() -> bounded.stat("k.txt")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
        }
    }
}
