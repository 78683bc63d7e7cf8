package dev.stowage.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.testkit.faults.StalledReads;
import dev.stowage.testkit.faults.StallingHttpServer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GCS requests that stall on their socket, against a server that answers the JSON requests before the stall in full:
 * with the store's deadline far shorter than its request timeout, a download whose bytes stop coming and a listing
 * whose next page never comes end at the deadline. The JUnit timeouts guard against the hang under test, on a thread
 * of their own because a read blocked in the SDK's HTTP client ignores interrupts; the assertions do not depend on
 * timing.
 */
class GcsStallTest {
    private static final String OBJECTS = "/storage/v1/b/bkt/o";
    /** Read through the SDK's read channel rather than in one request: larger than what the driver reads whole. */
    private static final int SIZE = 1024 * 1024;
    private static final String DEADLINE_OPTIONS = "&maxAttempts=1&requestTimeout=120s&deadline=5s";

    private static BlobStore open(StallingHttpServer server, String extra) {
        return BlobStores.open("gs://bkt/dir?endpoint=" + server.url() + "&noCredentials=true&project=p" + extra);
    }

    private static String json(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/json; charset=UTF-8\r\nContent-Length: "
                + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String object(String name, long size) {
        return GcsWireTest.object(name, size);
    }

    /**
     * Answers the object's metadata; the media GET gets a head promising all of it, 100 000 bytes and silence, and a
     * ranged media GET (the SDK's read channel resuming after a failed read) gets no answer at all.
     */
    private static StallingHttpServer stallingDownload(List<String> requests) throws Exception {
        Function<String, String> answers = head -> {
            String line = head.substring(0, head.indexOf("\r\n"));
            synchronized (requests) {
                requests.add(line);
            }
            return !line.contains("alt=media") ? json(object("dir/a", SIZE))
                    : head.toLowerCase(java.util.Locale.ROOT).contains("\r\nrange:") ? "" : null;
        };
        String head = "HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\nContent-Length: " + SIZE + "\r\n"
                + "x-goog-generation: " + GcsWireTest.GENERATION + "\r\n\r\n";
        return new StallingHttpServer(answers, head, 100_000);
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingAfterItsFirstBytesFailsAtTheStoresDeadlineBeforeItsRequestTimeout() throws Exception {
        List<String> requests = new ArrayList<>();
        try (StallingHttpServer stalling = stallingDownload(requests);
             BlobStore store = open(stalling, DEADLINE_OPTIONS)) {
            StalledReads.midBodyStallFailsAtTheDeadline(store, "a");
        }
        assertThat(requests.get(0)).startsWith("GET " + OBJECTS + "/dir%2Fa?");
        // then the media GET, and any the read channel sent to resume it
        assertThat(requests.subList(1, requests.size())).isNotEmpty().allSatisfy(r -> assertThat(r)
                .contains("/dir%2Fa?alt=media&generation=" + GcsWireTest.GENERATION + " "));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void listingWhoseSecondPageNeverComesFailsAtTheStoresDeadlineBeforeItsRequestTimeout() throws Exception {
        Function<String, String> answers = head -> head.startsWith("GET " + OBJECTS + "?")
                && !head.substring(0, head.indexOf("\r\n")).contains("pageToken=")
                ? json("{\"kind\":\"storage#objects\",\"nextPageToken\":\"t2\",\"items\":[" + object("dir/a", 1) + ","
                        + object("dir/b", 2) + "]}") : null;
        try (StallingHttpServer stalling = new StallingHttpServer(answers, null, 0);
             BlobStore store = open(stalling, DEADLINE_OPTIONS)) {
            List<String> keys = new ArrayList<>();
            assertThatThrownBy(() -> store.list(ListOptions.builder().pageSize(2).build())
                    .forEach(e -> keys.add(e.key()))).isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                        assertThat(e.operation()).isEqualTo(Operation.LIST);
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(keys).containsExactly("a", "b");
        }
    }
}
