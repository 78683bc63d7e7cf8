package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.layer.RetryPolicy;
import dev.stowage.layer.StoreMetrics;
import dev.stowage.spi.Deadline;
import dev.stowage.spi.ForwardingDriver;
import dev.stowage.testkit.faults.FaultInjectingBlobStore;
import dev.stowage.testkit.faults.StallingDriver;
import dev.stowage.testkit.faults.StallingDriver.Stall;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Layers wrapped around the store under test, with faults injected between them and the store.
 * Wrappers are not closed here: closing one closes the store under test, which the contract closes itself.
 */
public interface LayerContract extends StoreUnderTest {

    /**
     * The deadline of the stall tests. What comes before a stall is answered from memory, so this only has to outlast
     * a few method calls on a loaded machine, while every such test waits it out once.
     */
    Duration STALL_BUDGET = Duration.ofMillis(500);

    private static RetryPolicy noWaitRetries(int attempts) {
        return new RetryPolicy(attempts, Duration.ZERO, Duration.ZERO);
    }

    private FaultInjectingBlobStore faulty() {
        return new FaultInjectingBlobStore(store());
    }

    @Test
    default void readOnlyLayerRefusesPutWithPermissionDenied() {
        BlobStore ro = Layers.readOnly(store());
        StorageException e = failsWith(ErrorCode.PERMISSION_DENIED, () -> ro.put("a.txt", bytes("x")));
        assertThat(e.operation()).isEqualTo(Operation.PUT);
        assertThat(e.key()).isEqualTo("a.txt");
        assertThat(store().exists("a.txt")).isFalse();
    }

    @Test
    default void readOnlyLayerRefusesDelete() {
        putText("a.txt", "x");
        BlobStore ro = Layers.readOnly(store());
        failsWith(ErrorCode.PERMISSION_DENIED, () -> ro.delete("a.txt"));
        assertThat(store().exists("a.txt")).isTrue();
    }

    @Test
    default void readOnlyLayerRefusesCopy() {
        putText("a.txt", "x");
        BlobStore ro = Layers.readOnly(store());
        failsWith(ErrorCode.PERMISSION_DENIED, () -> ro.copy("a.txt", "b.txt"));
        assertThat(store().exists("b.txt")).isFalse();
    }

    @Test
    default void readOnlyLayerRefusesWritesWithoutAnyIo() {
        putText("a.txt", "x");
        FaultInjectingBlobStore counting = faulty();
        BlobStore ro = Layers.readOnly(counting);
        assertThatThrownBy(() -> ro.put("b.txt", bytes("x"))).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> ro.delete("a.txt")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> ro.copy("a.txt", "c.txt")).isInstanceOf(StorageException.class);
        assertThat(counting.calls(Operation.PUT) + counting.calls(Operation.DELETE) + counting.calls(Operation.COPY)
                + counting.calls(Operation.GET) + counting.calls(Operation.STAT)).isZero();
    }

    @Test
    default void readOnlyLayerStillReads() {
        putText("a.txt", "readable");
        BlobStore ro = Layers.readOnly(store());
        assertThat(new String(ro.getBytes("a.txt"), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("readable");
        assertThat(ro.exists("a.txt")).isTrue();
        assertThat(ro.list(ListOptions.all()).count()).isEqualTo(1);
    }

    @Test
    default void readOnlyLayerReportsTheReadOnlyCapability() {
        assertThat(Layers.readOnly(store()).capabilities().readOnly()).isTrue();
    }

    @Test
    default void prefixedLayerIsolatesKeys() {
        BlobStore tenantA = Layers.prefixed(store(), "tenant-a");
        BlobStore tenantB = Layers.prefixed(store(), "tenant-b");
        tenantA.put("k.txt", bytes("a"));
        assertThat(tenantB.exists("k.txt")).isFalse();
        assertThat(tenantB.list(ListOptions.all()).count()).isZero();
        assertThat(text("tenant-a/k.txt")).isEqualTo("a");
    }

    @Test
    default void prefixedLayerListsKeysRelativeToItsFolder() {
        putKeys("tenant/x/1", "tenant/2", "other/3");
        BlobStore tenant = Layers.prefixed(store(), "tenant");
        try (var s = tenant.list(ListOptions.builder().delimiter("/").build())) {
            assertThat(s.map(e -> e.key())).containsExactly("2", "x/");
        }
    }

    @Test
    default void prefixedLayerReportsRelativeKeysInInfo() {
        BlobStore tenant = Layers.prefixed(store(), "tenant");
        assertThat(tenant.put("dir/k.txt", bytes("x")).key()).isEqualTo("dir/k.txt");
        assertThat(tenant.stat("dir/k.txt").key()).isEqualTo("dir/k.txt");
    }

    @Test
    default void prefixedLayerRefusesKeysEscapingItsFolder() {
        BlobStore tenant = Layers.prefixed(store(), "tenant");
        assertThatThrownBy(() -> tenant.put("../other/k.txt", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    @Test
    default void retryLayerRecoversFromRetryableFailures() {
        FaultInjectingBlobStore flaky = faulty().failNext(Operation.PUT, 2, ErrorCode.UNAVAILABLE);
        BlobStore retrying = Layers.retry(flaky, noWaitRetries(4));
        retrying.put("r.txt", bytes("made it"));
        assertThat(flaky.calls(Operation.PUT)).isEqualTo(3);
        assertThat(text("r.txt")).isEqualTo("made it");
    }

    @Test
    default void retryLayerRetriesReadsAfterRateLimiting() {
        putText("r.txt", "x");
        FaultInjectingBlobStore flaky = faulty().failNext(Operation.STAT, 3, ErrorCode.RATE_LIMITED);
        BlobStore retrying = Layers.retry(flaky, noWaitRetries(4));
        assertThat(retrying.stat("r.txt").size()).isEqualTo(1);
        assertThat(flaky.calls(Operation.STAT)).isEqualTo(4);
    }

    @Test
    default void retryLayerGivesUpAfterMaxAttempts() {
        FaultInjectingBlobStore flaky = faulty().failNext(Operation.PUT, 5, ErrorCode.UNAVAILABLE);
        BlobStore retrying = Layers.retry(flaky, noWaitRetries(3));
        failsWith(ErrorCode.UNAVAILABLE, () -> retrying.put("r.txt", bytes("x")));
        assertThat(flaky.calls(Operation.PUT)).isEqualTo(3);
        assertThat(store().exists("r.txt")).isFalse();
    }

    @Test
    default void retryLayerDoesNotRetryNonRetryableCodes() {
        FaultInjectingBlobStore flaky = faulty().failNext(Operation.PUT, 1, ErrorCode.PERMISSION_DENIED);
        BlobStore retrying = Layers.retry(flaky, noWaitRetries(4));
        failsWith(ErrorCode.PERMISSION_DENIED, () -> retrying.put("r.txt", bytes("x")));
        assertThat(flaky.calls(Operation.PUT)).isEqualTo(1);
    }

    @Test
    default void retryLayerDoesNotRetryANonRepeatableWrite() {
        FaultInjectingBlobStore flaky = faulty().failNext(Operation.PUT, 1, ErrorCode.UNAVAILABLE);
        BlobStore retrying = Layers.retry(flaky, noWaitRetries(4));
        ContentSource once = ContentSource.ofStream(new ByteArrayInputStream(bytes("x")), 1);
        failsWith(ErrorCode.UNAVAILABLE, () -> retrying.put("r.txt", once, PutOptions.defaults()));
        assertThat(flaky.calls(Operation.PUT)).isEqualTo(1);
    }

    @Test
    default void retryLayerDoesNotTurnNotFoundIntoRetries() {
        FaultInjectingBlobStore counting = faulty();
        BlobStore retrying = Layers.retry(counting, noWaitRetries(4));
        failsWith(ErrorCode.NOT_FOUND, () -> retrying.stat("missing.txt"));
        assertThat(counting.calls(Operation.STAT)).isEqualTo(1);
    }

    @Test
    @Timeout(60)
    default void timeoutLayerEndsACallThatNeverAnswersWithDeadlineExceeded() {
        BlobStore stalling = Layers.driver(store(), StallingDriver.at(Stall.STAT));
        BlobStore bounded = Layers.timeout(stalling, STALL_BUDGET);
        StorageException e = failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> bounded.stat("slow.txt"));
        assertThat(e.retryable()).isTrue();
        assertThat(e.operation()).isEqualTo(Operation.STAT);
        assertThat(e.key()).isEqualTo("slow.txt");
        assertThat(Thread.currentThread().isInterrupted()).as("the caller's thread is left uninterrupted").isFalse();
    }

    @Test
    @Timeout(60)
    default void aReadThatIgnoresTheInterruptAndAnswersLateStillFailsWithDeadlineExceeded() {
        putText("late.txt", "x");
        BlobStore late = Layers.driver(store(), d -> new ForwardingDriver(d) {
            @Override
            public BlobInfo stat(String key) throws Exception {
                Deadline deadline = Deadline.current().orElseThrow();
                while (!deadline.isExpired()) {
                    try {
                        Thread.sleep(5);
                    } catch (InterruptedException swallowed) {
                        // a backend client that does not stop when interrupted
                    }
                }
                return super.stat(key);
            }
        });
        BlobStore bounded = Layers.timeout(late, Duration.ofMillis(100));
        StorageException e = failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> bounded.stat("late.txt"));
        assertThat(e.key()).isEqualTo("late.txt");
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    default void timeoutLayerPassesCallsThatFinishInTime() {
        putText("fast.txt", "quick");
        BlobStore bounded = Layers.timeout(Layers.driver(store(), d -> d), Duration.ofSeconds(30));
        assertThat(bounded.stat("fast.txt").size()).isEqualTo(5);
        bounded.put("fast2.txt", bytes("x"));
        assertThat(text("fast2.txt")).isEqualTo("x");
        try (Stream<ListEntry> all = bounded.list(ListOptions.all())) {
            assertThat(all.map(ListEntry::key)).contains("fast.txt", "fast2.txt");
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    @Timeout(60)
    default void deadlineBoundsEveryPageOfAListingNotOnlyTheFirst() {
        // the first page comes at once and promises a second, which never comes
        BlobStore stalling = Layers.driver(store(), StallingDriver.at(Stall.SECOND_PAGE));
        BlobStore bounded = Layers.timeout(stalling, STALL_BUDGET);
        try (Stream<ListEntry> listing = bounded.list(ListOptions.builder().prefix("p/").build())) {
            Iterator<ListEntry> it = listing.iterator();
            assertThat(it.next().key()).isEqualTo("p/1.txt");
            StorageException e = failsWith(ErrorCode.DEADLINE_EXCEEDED, it::hasNext);
            assertThat(e.operation()).isEqualTo(Operation.LIST);
        }
    }

    @Test
    @Timeout(60)
    default void deadlineBoundsReadsOfAReturnedStreamEvenWhenTheReadIgnoresInterrupts() throws IOException {
        BlobStore stalling = Layers.driver(store(), StallingDriver.at(Stall.BODY));
        BlobStore bounded = Layers.timeout(stalling, STALL_BUDGET);
        try (BlobInputStream in = bounded.get("r.bin")) {
            assertThat(in.read()).isEqualTo('0');
            StorageException e = failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> in.read(new byte[16]));
            assertThat(e.operation()).isEqualTo(Operation.GET);
            assertThat(e.key()).isEqualTo("r.bin");
        }
    }

    @Test
    @Timeout(60)
    default void timeoutThenRetryRecoversFromOneStalledCall() {
        StallingDriver[] driver = new StallingDriver[1];
        BlobStore stallsOnce = Layers.driver(store(),
                d -> driver[0] = (StallingDriver) StallingDriver.at(Stall.FIRST_STAT).apply(d));
        BlobStore store = Layers.retry(Layers.timeout(stallsOnce, STALL_BUDGET), noWaitRetries(3));
        assertThat(store.stat("s.txt").size()).isEqualTo(1);
        assertThat(driver[0].stats()).isEqualTo(2);
    }

    @Test
    @Timeout(60)
    default void timeoutOverOtherLayersHoldsTheSameDeadlineToListingsAndStreams() throws IOException {
        BlobStore stalling = Layers.driver(store(), StallingDriver.at(Stall.SECOND_PAGE, Stall.BODY));
        BlobStore bounded = Layers.timeout(Layers.observed(stalling, new StoreMetrics()), STALL_BUDGET);
        try (Stream<ListEntry> listing = bounded.list(ListOptions.builder().prefix("o/").build())) {
            Iterator<ListEntry> it = listing.iterator();
            assertThat(it.next().key()).isEqualTo("o/1.txt");
            failsWith(ErrorCode.DEADLINE_EXCEEDED, it::hasNext);
        }
        try (BlobInputStream in = bounded.get("o/2.txt")) {
            assertThat(in.read()).isEqualTo('0');
            failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> in.read(new byte[16]));
        }
    }

    @Test
    @Timeout(60)
    default void answerTimeoutEndsACallThatNeverAnswersButLetsABodyBeReadSlowly() throws Exception {
        BlobStore slowBodies = Layers.driver(store(), StallingDriver.at(Stall.STAT, Stall.MEMORY_BODY));
        BlobStore bounded = Layers.answerTimeout(slowBodies, STALL_BUDGET);
        failsWith(ErrorCode.DEADLINE_EXCEEDED, () -> bounded.stat("a.bin"));
        try (BlobInputStream in = bounded.get("a.bin")) {
            assertThat(in.read()).isEqualTo('0');
            Thread.sleep(STALL_BUDGET.toMillis() * 2); // a reader slower than the budget: past it by twice
            assertThat(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("123456789");
        }
    }

    @Test
    default void readOnlyKeepsUnderATimeout() {
        BlobStore ro = Layers.timeout(Layers.readOnly(Layers.driver(store(), d -> d)), Duration.ofSeconds(30));
        failsWith(ErrorCode.PERMISSION_DENIED, () -> ro.put("ro.txt", bytes("x")));
        assertThat(store().exists("ro.txt")).isFalse();
    }

    @Test
    default void observedLayerCountsCallsPerOperation() {
        StoreMetrics metrics = new StoreMetrics();
        BlobStore observed = Layers.observed(store(), metrics);
        observed.put("o.txt", bytes("x"));
        observed.getBytes("o.txt");
        observed.stat("o.txt");
        observed.stat("o.txt");
        observed.delete("o.txt");
        assertThat(metrics.calls(Operation.PUT)).isEqualTo(1);
        assertThat(metrics.calls(Operation.GET)).isEqualTo(1);
        assertThat(metrics.calls(Operation.STAT)).isEqualTo(2);
        assertThat(metrics.calls(Operation.DELETE)).isEqualTo(1);
        assertThat(metrics.calls(Operation.COPY)).isZero();
    }

    @Test
    default void observedLayerCountsFailuresByCode() {
        StoreMetrics metrics = new StoreMetrics();
        BlobStore observed = Layers.observed(store(), metrics);
        assertThatThrownBy(() -> observed.stat("missing.txt")).isInstanceOf(StorageException.class);
        assertThatThrownBy(() -> observed.get("missing.txt")).isInstanceOf(StorageException.class);
        assertThat(metrics.failures(ErrorCode.NOT_FOUND)).isEqualTo(2);
        assertThat(metrics.failures(ErrorCode.UNAVAILABLE)).isZero();
    }

    @Test
    default void cutReadStreamFailsInsteadOfLookingShort() throws IOException {
        store().put("cut.bin", StoreUnderTest.randomBytes(10_000, 31));
        FaultInjectingBlobStore cutting = faulty().cutNextRead(4_000);
        BlobStore retrying = Layers.retry(cutting, noWaitRetries(3));
        try (BlobInputStream in = retrying.get("cut.bin")) {
            assertThat(in.contentLength()).isEqualTo(10_000);
            assertThatThrownBy(in::readAllBytes).isInstanceOf(IOException.class);
        }
    }

    @Test
    default void unwrapReachesAStoreBelowTheLayers() {
        FaultInjectingBlobStore inner = faulty();
        BlobStore layered = Layers.readOnly(Layers.prefixed(inner, "p"));
        assertThat(layered.unwrap(FaultInjectingBlobStore.class)).containsSame(inner);
    }
}
