package dev.stowage.s3;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
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
import java.util.Iterator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The store's {@code deadline} bounds a whole call on S3, against servers that stall where a deadline on the first
 * request alone would not help: the second page of a listing, and the body of an object after its first bytes. The
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

    private static BlobStore open(String endpoint) {
        return BlobStores.open("s3://bkt?endpoint=" + endpoint + "&region=us-east-1&pathStyle=true"
                + "&accessKey=AKIDTEST&secretKey=deadline-secret&requestTimeout=120s&deadline=5s");
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
