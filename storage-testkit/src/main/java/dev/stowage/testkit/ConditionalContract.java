package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInfo;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** Conditional writes: create-if-absent and compare-and-swap on the ETag. */
public interface ConditionalContract extends StoreUnderTest {

    private static PutOptions ifAbsent() {
        return PutOptions.builder().ifNoneMatch("*").build();
    }

    private static PutOptions ifMatch(String etag) {
        return PutOptions.builder().ifMatch(etag).build();
    }

    private void assumeConditionalPut() {
        assumeCapability(caps().conditionalPut(), "conditional writes (ifNoneMatch/ifMatch)");
    }

    @Test
    default void ifNoneMatchStarOnAbsentKeySucceeds() {
        assumeConditionalPut();
        putWith("new.txt", bytes("created"), ifAbsent());
        assertThat(text("new.txt")).isEqualTo("created");
    }

    @Test
    default void ifNoneMatchStarOnPresentKeyFailsWithPreconditionFailed() {
        assumeConditionalPut();
        putText("taken.txt", "old");
        StorageException e = failsWith(ErrorCode.PRECONDITION_FAILED,
                () -> putWith("taken.txt", bytes("new"), ifAbsent()));
        assertThat(e.key()).isEqualTo("taken.txt");
    }

    @Test
    default void ifNoneMatchStarFailureKeepsTheOldContent() {
        assumeConditionalPut();
        putText("taken.txt", "old");
        failsWith(ErrorCode.PRECONDITION_FAILED, () -> putWith("taken.txt", bytes("new"), ifAbsent()));
        assertThat(text("taken.txt")).isEqualTo("old");
    }

    @Test
    default void ifMatchWithCurrentEtagSucceeds() {
        assumeConditionalPut();
        BlobInfo v1 = store().put("cas.txt", bytes("v1"));
        putWith("cas.txt", bytes("v2"), ifMatch(v1.etag()));
        assertThat(text("cas.txt")).isEqualTo("v2");
    }

    @Test
    default void ifMatchWithStaleEtagFailsAndKeepsTheContent() {
        assumeConditionalPut();
        BlobInfo v1 = store().put("cas.txt", bytes("v1"));
        putText("cas.txt", "v2 by someone else");
        failsWith(ErrorCode.PRECONDITION_FAILED, () -> putWith("cas.txt", bytes("v3"), ifMatch(v1.etag())));
        assertThat(text("cas.txt")).isEqualTo("v2 by someone else");
    }

    @Test
    default void ifMatchOnAbsentKeyFails() {
        assumeConditionalPut();
        StorageException e = failsWithStorageException(
                () -> putWith("absent.txt", bytes("x"), ifMatch("\"0123456789abcdef\"")));
        assertThat(e.code()).isIn(ErrorCode.PRECONDITION_FAILED, ErrorCode.NOT_FOUND);
        assertThat(store().exists("absent.txt")).isFalse();
    }

    @Test
    default void ifNoneMatchStarRaceHasExactlyOneWinner() throws Exception {
        assumeConditionalPut();
        int writers = 8;
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> results = new ArrayList<>();
            for (int i = 0; i < writers; i++) {
                String content = "writer-" + i;
                results.add(pool.submit(() -> {
                    start.await();
                    try {
                        putWith("race.txt", bytes(content), ifAbsent());
                        return true;
                    } catch (StorageException e) {
                        if (e.code() != ErrorCode.PRECONDITION_FAILED) {
                            throw e;
                        }
                        return false;
                    }
                }));
            }
            start.countDown();
            int winners = 0;
            for (Future<Boolean> f : results) {
                winners += f.get() ? 1 : 0;
            }
            assertThat(winners).isEqualTo(1);
            assertThat(text("race.txt")).startsWith("writer-");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    default void conditionalPutOnIncapableStoreIsUnsupported() {
        assumeNoCapability(caps().conditionalPut(), "conditional writes");
        failsWith(ErrorCode.UNSUPPORTED, () -> putWith("x.txt", bytes("x"), ifAbsent()));
        assertThat(store().exists("x.txt")).isFalse();
    }
}
