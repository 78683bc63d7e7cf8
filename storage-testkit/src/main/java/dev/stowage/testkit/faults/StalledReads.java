package dev.stowage.testkit.faults;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import java.io.InputStream;
import java.net.SocketTimeoutException;

/**
 * What a driver must do against a {@link StallingHttpServer}, for stores opened on it with a short timeout option:
 * a get whose body stalls fails the read (never ends it early), and a get that gets no answer fails; both as
 * retryable UNAVAILABLE naming the option. Run them under a JUnit timeout on a separate thread: a read blocked in
 * the JDK's HTTP client ignores interrupts.
 */
public final class StalledReads {
    private StalledReads() {
    }

    /**
     * For a server sending headers that promise 1000 bytes and then 500 of them: the first 500 arrive, the next read
     * fails with a timeout naming {@code option} and its {@code limit} (as written, e.g. {@code 1s}), and the
     * driver translates it to retryable UNAVAILABLE with a hint naming the option.
     */
    public static void midBodyStallFailsTheRead(BlobStore store, String key, String option, String limit)
            throws Exception {
        try (InputStream in = store.get(key)) {
            assertThat(in.readNBytes(500)).hasSize(500);
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(SocketTimeoutException.class, e -> {
                assertThat(e.getMessage()).contains(option + " (" + limit + ")");
                StorageException translated = store.unwrap(BlobStoreDriver.class).orElseThrow()
                        .translate(Operation.GET, key, e);
                assertThat(translated.code()).isEqualTo(ErrorCode.UNAVAILABLE);
                assertThat(translated.retryable()).isTrue();
                assertThat(translated.hint()).contains(option);
            });
        }
    }

    /** For a server that never answers: the get fails as retryable UNAVAILABLE with a hint naming {@code option}. */
    public static void unansweredGetFails(BlobStore store, String key, String option) {
        assertThatThrownBy(() -> store.get(key)).isInstanceOfSatisfying(StorageException.class, e -> {
            assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(e.retryable()).isTrue();
            assertThat(e.hint()).contains(option);
        });
    }

    /**
     * For the same server, with the store's {@code deadline} far shorter than its read timeout: the first 500 bytes
     * arrive, the next read fails with DEADLINE_EXCEEDED naming the key, at the deadline rather than the read timeout.
     */
    public static void midBodyStallFailsAtTheDeadline(BlobStore store, String key) throws Exception {
        try (InputStream in = store.get(key)) {
            assertThat(in.readNBytes(500)).hasSize(500);
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class, e -> {
                assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED);
                assertThat(e.key()).isEqualTo(key);
                assertThat(e.retryable()).isTrue();
            });
        }
    }

    /** For a server that never answers, with the store's {@code deadline} far shorter than its read timeout. */
    public static void unansweredGetFailsAtTheDeadline(BlobStore store, String key) {
        assertThatThrownBy(() -> store.get(key)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
    }

    /**
     * For a store whose backend answers the first page of a listing and never the second, with the store's
     * {@code deadline} (5 s) far shorter than its read timeout: a listing of two keys a page yields
     * {@code firstPage} and then fails with DEADLINE_EXCEEDED, well before any read timeout would end it.
     */
    public static void secondPageStallFailsAtTheDeadline(BlobStore store, String... firstPage) {
        java.util.List<String> listed = new java.util.ArrayList<>();
        long start = System.nanoTime();
        assertThatThrownBy(() -> store.list(dev.stowage.ListOptions.builder().pageSize(2).build())
                .forEach(e -> listed.add(e.key())))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.DEADLINE_EXCEEDED));
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start)).as("ended by the deadline, not a read "
                + "timeout").isLessThan(java.time.Duration.ofSeconds(15));
        assertThat(listed).as("the first page").containsExactly(firstPage);
    }
}
