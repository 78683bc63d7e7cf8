package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.head;
import static com.github.tomakehurst.wiremock.client.WireMock.headRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.layer.RetryPolicy;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Retries happen at one level, counted in requests to a server that always answers 503: the SDK's
 * ({@code maxAttempts}, 3 by default) or {@link Layers#retry} over a store opened with {@code maxAttempts=1}, never
 * both multiplied.
 */
class S3RetryLevelWireTest {
    private static final String OBJECT = "/bkt/k.txt";
    private WireMockServer server;

    @BeforeEach
    void start() {
        server = new WireMockServer(options().dynamicPort().bindAddress("127.0.0.1"));
        server.start();
        server.stubFor(head(urlPathEqualTo(OBJECT)).willReturn(aResponse().withStatus(503)));
    }

    @AfterEach
    void stop() {
        server.stop();
    }

    private BlobStore open(String extra) {
        return BlobStores.open("s3://bkt?endpoint=http://127.0.0.1:" + server.port()
                + "&region=us-east-1&pathStyle=true&accessKey=AKIDTEST&secretKey=retry-secret" + extra);
    }

    private static RetryPolicy quick(int attempts) {
        return new RetryPolicy(attempts, Duration.ofMillis(1), Duration.ofMillis(5));
    }

    @Test
    void aFailingCallSendsMaxAttemptsRequestsFromTheSdkAlone() {
        try (BlobStore store = open("")) {
            assertThat(store.capabilities().requestAttempts()).isEqualTo(3);
            assertThatThrownBy(() -> store.stat("k.txt")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
        server.verify(3, headRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void retryLayerOverAStoreWhoseSdkRetriesIsRefusedByNameBeforeAnyRequest() {
        try (BlobStore store = open("&maxAttempts=3")) {
            assertThatThrownBy(() -> Layers.retry(store, quick(4))).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("maxAttempts=1").hasMessageContaining("3 times");
        }
        server.verify(0, headRequestedFor(urlPathEqualTo(OBJECT)));
    }

    @Test
    void retryLayerOverAStoreWithOneSdkAttemptSendsItsOwnAttemptsOnly() {
        try (BlobStore store = open("&maxAttempts=1")) {
            BlobStore retrying = Layers.retry(store, quick(4));
            assertThatThrownBy(() -> retrying.stat("k.txt")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        }
        server.verify(4, headRequestedFor(urlPathEqualTo(OBJECT)));
    }
}
