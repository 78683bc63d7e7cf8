package dev.stowage.gateway.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.transform.TransformException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The variant cache's single flight: what is shared with waiting requests and what is not. */
class VariantCacheTest {
    private static final Version V1 = new Version("etag:1");

    @TempDir
    Path dir;

    private VariantCache cache() throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("variants")).toUri().toString());
        return new VariantCache(store, 1 << 20, java.time.Duration.ofDays(1), 1 << 20, 64 << 10, java.time.Clock.systemUTC());
    }

    @Test
    void aMomentaryRefusalOfTheFirstRequestIsNotHandedToTheRequestsWaitingForIt() throws Exception {
        try (VariantCache cache = cache()) {
            CountDownLatch leaderStarted = new CountDownLatch(1);
            CountDownLatch waitersQueued = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            VariantCache.Producer producer = () -> {
                if (calls.incrementAndGet() == 1) {
                    leaderStarted.countDown();
                    try {
                        waitersQueued.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    throw new HttpProblem(503, "too many images are being transformed; try again shortly");
                }
                return new VariantCache.Held(new byte[] {1, 2, 3}, "image/png");
            };
            ExecutorService pool = Executors.newFixedThreadPool(6);
            try {
                Future<?> leader = pool.submit(() -> cache.get("v/aa/key", V1, producer));
                assertThat(leaderStarted.await(10, TimeUnit.SECONDS)).isTrue();
                List<Future<VariantCache.Found>> waiters = new ArrayList<>();
                for (int i = 0; i < 5; i++) {
                    waiters.add(pool.submit(() -> cache.get("v/aa/key", V1, producer)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (cache.waiting() < 5 && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // until all five wait on the leader's flight, released by its failure
                }
                assertThat(cache.waiting()).as("waiters on the leader's flight").isEqualTo(5);
                waitersQueued.countDown();

                assertThatThrownBy(() -> leader.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(HttpProblem.class);
                for (Future<VariantCache.Found> w : waiters) {
                    assertThat(w.get(10, TimeUnit.SECONDS).length()).isEqualTo(3);
                }
                assertThat(calls.get()).as("the leader's attempt, then one more for the waiters").isEqualTo(2);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aRefusalThatDependsOnlyOnTheSourceIsSharedWithWaitingRequests() throws Exception {
        try (VariantCache cache = cache()) {
            CountDownLatch release = new CountDownLatch(1);
            AtomicInteger calls = new AtomicInteger();
            VariantCache.Producer producer = () -> {
                calls.incrementAndGet();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                dev.stowage.transform.Transform.parseQuery("w=abc"); // refused: a bad parameter
                throw new AssertionError("w=abc was accepted");
            };
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<VariantCache.Found>> all = new ArrayList<>();
                for (int i = 0; i < 4; i++) {
                    all.add(pool.submit(() -> cache.get("v/bb/key", V1, producer)));
                }
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (cache.waiting() < 3 && System.nanoTime() < deadline) {
                    Thread.onSpinWait(); // until three wait on the one making it
                }
                assertThat(cache.waiting()).as("waiters on the first caller's flight").isEqualTo(3);
                release.countDown();
                for (Future<VariantCache.Found> f : all) {
                    assertThatThrownBy(() -> f.get(10, TimeUnit.SECONDS)).hasCauseInstanceOf(TransformException.class);
                }
                assertThat(calls.get()).isEqualTo(1);
            } finally {
                pool.shutdownNow();
            }
        }
    }

    @Test
    void aVariantIsReadBackFromTheStoreByAnotherCacheOverIt() throws Exception {
        try (VariantCache first = cache()) {
            first.get("v/cc/key", V1, () -> new VariantCache.Held(new byte[] {9}, "image/webp"));
        }
        try (VariantCache second = cache()) {
            VariantCache.Found found = second.get("v/cc/key", V1, () -> {
                throw new AssertionError("made again");
            });
            assertThat(found.made()).isFalse();
            assertThat(found.contentType()).isEqualTo("image/webp");
        }
    }

    /** A clock the test moves by hand. */
    private static final class HandClock extends java.time.Clock {
        private final java.util.concurrent.atomic.AtomicLong millis =
                new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());

        void advance(java.time.Duration d) {
            millis.addAndGet(d.toMillis());
        }

        @Override
        public java.time.ZoneId getZone() {
            return java.time.ZoneOffset.UTC;
        }

        @Override
        public java.time.Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public java.time.Instant instant() {
            return java.time.Instant.ofEpochMilli(millis.get());
        }
    }

    private VariantCache cache(long maxBytes, java.time.Duration maxAge, java.time.Clock clock) throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("variants")).toUri().toString());
        return new VariantCache(store, maxBytes, maxAge, 1 << 20, 64 << 10, clock);
    }

    @Test
    void aVariantOlderThanTheAgeLimitIsMadeAgain() throws Exception {
        HandClock clock = new HandClock();
        AtomicInteger made = new AtomicInteger();
        VariantCache.Producer producer = () -> {
            made.incrementAndGet();
            return new VariantCache.Held(new byte[] {1, 2, 3}, "image/png");
        };
        try (VariantCache cache = cache(1 << 20, java.time.Duration.ofHours(1), clock)) {
            cache.get("v/dd/key", V1, producer);
            clock.advance(java.time.Duration.ofMinutes(59));
            assertThat(cache.peek("v/dd/key")).isNotNull();
            assertThat(cache.get("v/dd/key", V1, producer).made()).isFalse();

            clock.advance(java.time.Duration.ofMinutes(2));
            assertThat(cache.peek("v/dd/key")).as("held in memory past its age").isNull();
            assertThat(cache.get("v/dd/key", V1, producer).made()).isTrue();
            assertThat(made.get()).isEqualTo(2);
            assertThat(cache.evictions()).isEqualTo(1);
            assertThat(cache.entries()).isEqualTo(1);
        }
    }

    @Test
    void entriesPastTheAgeLimitAreDroppedFromTheStoreWhenAnotherCacheOpensIt() throws Exception {
        try (VariantCache first = cache()) {
            first.get("v/ee/key", V1, () -> new VariantCache.Held(new byte[] {9}, "image/webp"));
        }
        HandClock later = new HandClock();
        later.advance(java.time.Duration.ofHours(2));
        try (VariantCache second = cache(1 << 20, java.time.Duration.ofHours(1), later)) {
            assertThat(second.entries()).isZero();
            assertThat(second.evictions()).isEqualTo(1);
            assertThat(dir.resolve("variants/v/ee/key")).doesNotExist();
            assertThat(second.get("v/ee/key", V1, () -> new VariantCache.Held(new byte[] {9}, "image/webp"))
                    .made()).isTrue();
        }
    }

    @Test
    void theLeastRecentlyUsedVariantGoesBeyondTheSizeLimit() throws Exception {
        HandClock clock = new HandClock();
        try (VariantCache cache = cache(10, java.time.Duration.ofDays(1), clock)) {
            cache.get("v/ff/one", V1, () -> new VariantCache.Held(new byte[6], "image/png"));
            clock.advance(java.time.Duration.ofSeconds(1));
            cache.get("v/ff/two", V1, () -> new VariantCache.Held(new byte[6], "image/png"));
            assertThat(cache.entries()).isEqualTo(1);
            assertThat(cache.storedBytes()).isEqualTo(6);
            assertThat(cache.evictions()).isEqualTo(1);
            assertThat(cache.peek("v/ff/one")).isNull();
            assertThat(cache.peek("v/ff/two")).isNotNull();
        }
    }
}
