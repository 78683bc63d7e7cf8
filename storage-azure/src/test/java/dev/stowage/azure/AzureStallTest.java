package dev.stowage.azure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import dev.stowage.testkit.faults.StalledReads;
import dev.stowage.testkit.faults.StallingHttpServer;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Azure requests that stall on their socket, against a server speaking the Blob REST API that answers the requests
 * before the stall in full: with the store's deadline (5 s) far shorter than its request timeout (120 s), a download
 * whose bytes stop coming and a listing whose next page never comes end at the deadline. The JUnit timeouts guard
 * against the hang under test, on a thread of their own.
 */
class AzureStallTest {
    private static final String CONTAINER = "/devstoreaccount1/box";
    private static final String DEADLINE_OPTIONS = "&maxAttempts=1&requestTimeout=120s&deadline=5s";
    private static final int BLOCK = 1024 * 1024;
    private static final String ETAG = "\"0x8D0000000000001\"";
    /** The If-Match of the requests after the first: the ETag as the SDK parsed it from the first response. */
    private static final String PINNED = "0x8D0000000000001";

    private static BlobStore open(StallingHttpServer server, String extra) {
        return BlobStores.open("azure://devstoreaccount1/box?endpoint=" + server.url() + "/devstoreaccount1"
                + "&accountKey=" + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8) + extra);
    }

    private static String line(String head) {
        return head.substring(0, head.indexOf("\r\n"));
    }

    /** The value of header {@code name} in a request head, or null. */
    private static String header(String head, String name) {
        for (String h : head.split("\r\n")) {
            int colon = h.indexOf(':');
            if (colon > 0 && h.substring(0, colon).trim().equalsIgnoreCase(name)) {
                return h.substring(colon + 1).trim();
            }
        }
        return null;
    }

    /** The head of a 206 answer to a ranged Get Blob of {@code from..to} of a blob of {@code size} bytes. */
    private static String rangeHead(long from, long to, long size) {
        return "HTTP/1.1 206 Partial Content\r\nContent-Length: " + (to - from + 1) + "\r\nContent-Range: bytes "
                + from + "-" + to + "/" + size + "\r\nContent-Type: application/octet-stream\r\nETag: " + ETAG
                + "\r\nLast-Modified: Mon, 23 Nov 2026 10:00:00 GMT\r\nAccept-Ranges: bytes\r\n"
                + "x-ms-blob-type: BlockBlob\r\nx-ms-request-id: 1\r\nx-ms-version: 2025-05-05\r\n\r\n";
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingInItsFirstBlockFailsTheGetAtTheStoresDeadline() throws Exception {
        // the SDK reads a download's first block whole before the get returns: a stall in it is a stall of the get
        List<String> requests = new ArrayList<>();
        Function<String, String> answers = head -> {
            synchronized (requests) {
                requests.add(line(head) + " " + header(head, "x-ms-range"));
            }
            return null;
        };
        try (StallingHttpServer stalling = new StallingHttpServer(answers, rangeHead(0, 999, 1000), 500);
             BlobStore store = open(stalling, DEADLINE_OPTIONS)) {
            long start = System.nanoTime();
            StalledReads.unansweredGetFailsAtTheDeadline(store, "a");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the deadline, not the read timeout")
                    .isLessThan(Duration.ofSeconds(30));
        }
        // the default block size: 8 MiB
        assertThat(requests).containsExactly("GET " + CONTAINER + "/a HTTP/1.1 bytes=0-" + (8 * BLOCK - 1));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadStallingAfterItsFirstBlockFailsTheReadAtTheStoresDeadline() throws Exception {
        // one block answered in full, then a second block of 1000 bytes of which 500 come
        long size = BLOCK + 1000L;
        List<String> requests = new ArrayList<>();
        Function<String, String> answers = head -> {
            String range = header(head, "x-ms-range");
            synchronized (requests) {
                requests.add(line(head) + " " + range);
            }
            return ("bytes=0-" + (BLOCK - 1)).equals(range)
                    ? rangeHead(0, BLOCK - 1, size) + "\0".repeat(BLOCK) : null;
        };
        try (StallingHttpServer stalling = new StallingHttpServer(answers, rangeHead(BLOCK, size - 1, size), 500);
             BlobStore store = open(stalling, "&blockSize=1" + DEADLINE_OPTIONS)) {
            long start = System.nanoTime();
            StalledReads.midBodyStallFailsAtTheDeadline(store, "a");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the deadline, not the read timeout")
                    .isLessThan(Duration.ofSeconds(30));
        }
        assertThat(requests).first().isEqualTo("GET " + CONTAINER + "/a HTTP/1.1 bytes=0-" + (BLOCK - 1));
        assertThat(requests.subList(1, requests.size())).isNotEmpty().allSatisfy(r -> assertThat(r)
                .startsWith("GET " + CONTAINER + "/a HTTP/1.1 bytes=" + BLOCK + "-"));
    }

    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void listingWhoseSecondPageNeverComesFailsAtTheStoresDeadline() throws Exception {
        List<String> requests = new ArrayList<>();
        Function<String, String> answers = head -> {
            String line = line(head);
            synchronized (requests) {
                requests.add(line);
            }
            return line.startsWith("GET " + CONTAINER + "?") && line.contains("comp=list") && !line.contains("marker=")
                    ? xml(listPage("a", "b")) : null;
        };
        try (StallingHttpServer stalling = new StallingHttpServer(answers, null, 0);
             BlobStore store = open(stalling, DEADLINE_OPTIONS)) {
            List<String> keys = new ArrayList<>();
            long start = System.nanoTime();
            assertThatThrownBy(() -> store.list(ListOptions.builder().pageSize(2).build())
                    .forEach(e -> keys.add(e.key()))).isInstanceOfSatisfying(StorageException.class, e -> {
                        assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                        assertThat(e.operation()).isEqualTo(Operation.LIST);
                        assertThat(e.retryable()).isTrue();
                    });
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("ended by the deadline, not the read timeout")
                    .isLessThan(Duration.ofSeconds(30));
            assertThat(keys).containsExactly("a", "b");
        }
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).contains("marker=m2");
    }

    /**
     * The stream the download tests stall, read to its end: the blocks after the first come in ranged requests pinned
     * to the first response's ETag, whole and ranged, with a deadline and without.
     */
    @Test
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void downloadLongerThanABlockIsReadAcrossItsBlocks() throws Exception {
        int size = 2 * BLOCK + 1000;
        byte[] content = new byte[size];
        for (int i = 0; i < size; i++) {
            content[i] = (byte) (i % 251);
        }
        List<String> requests = new ArrayList<>();
        Function<String, String> answers = head -> {
            String range = header(head, "x-ms-range");
            synchronized (requests) {
                requests.add(range + " " + header(head, "If-Match"));
            }
            int from = Integer.parseInt(range.substring("bytes=".length(), range.indexOf('-')));
            int to = Math.min(size - 1, Integer.parseInt(range.substring(range.indexOf('-') + 1)));
            return rangeHead(from, to, size) + new String(content, from, to - from + 1, StandardCharsets.ISO_8859_1);
        };
        for (String options : List.of("&maxAttempts=1&blockSize=1", "&maxAttempts=1&blockSize=1&deadline=30s")) {
            requests.clear();
            try (StallingHttpServer server = new StallingHttpServer(answers, null, 0);
                 BlobStore store = open(server, options)) {
                try (var in = store.get("a")) {
                    assertThat(in.readAllBytes()).isEqualTo(content);
                }
                assertThat(requests).containsExactly("bytes=0-" + (BLOCK - 1) + " null",
                        "bytes=" + BLOCK + "-" + (2 * BLOCK - 1) + " " + PINNED,
                        "bytes=" + 2 * BLOCK + "-" + (size - 1) + " " + PINNED);
                requests.clear();
                try (var in = store.get("a", dev.stowage.ByteRange.of(500, BLOCK + 100))) {
                    assertThat(in.readAllBytes())
                            .isEqualTo(java.util.Arrays.copyOfRange(content, 500, 500 + BLOCK + 100));
                }
                assertThat(requests).containsExactly("bytes=500-" + (BLOCK + 499) + " null",
                        "bytes=" + (BLOCK + 500) + "-" + (BLOCK + 599) + " " + PINNED);
            }
        }
    }

    private static String xml(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Type: application/xml\r\nx-ms-request-id: 1\r\nx-ms-version: 2025-05-05"
                + "\r\nContent-Length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body;
    }

    private static String listPage(String... names) {
        StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?><EnumerationResults "
                + "ServiceEndpoint=\"http://127.0.0.1/devstoreaccount1/\" ContainerName=\"box\"><MaxResults>2"
                + "</MaxResults><Blobs>");
        for (String name : names) {
            xml.append("<Blob><Name>").append(name).append("</Name><Properties><Last-Modified>Mon, 23 Nov 2026 "
                    + "10:00:00 GMT</Last-Modified><Etag>0x8D0000000000001</Etag><Content-Length>1</Content-Length>"
                    + "<Content-Type>text/plain</Content-Type><BlobType>BlockBlob</BlobType></Properties>"
                    + "<Metadata /></Blob>");
        }
        return xml.append("</Blobs><NextMarker>m2</NextMarker></EnumerationResults>").toString();
    }
}
