package dev.stowage.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class CachedBlobStoreTest {
    private final MemoryStore origin = new MemoryStore();
    private final MemoryStore cacheStore = new MemoryStore();
    private final MutableClock clock = new MutableClock();
    private ExecutorService pool;

    @AfterEach
    void stopPool() {
        if (pool != null) {
            pool.shutdownNow();
        }
    }

    private CachedBlobStore cached(CachePolicy policy) {
        return new CachedBlobStore(origin, cacheStore, policy, clock);
    }

    private CachedBlobStore cached() {
        return cached(CachePolicy.builder().revalidateAfter(Duration.ofMinutes(1)).build());
    }

    private static String read(BlobInputStream in) {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void secondReadIsServedFromTheCache() {
        origin.put("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached();

        assertThat(read(store.get("a.txt"))).isEqualTo("hello");
        assertThat(read(store.get("a.txt"))).isEqualTo("hello");

        assertThat(origin.gets).hasValue(1);
        assertThat(store.stats().hits()).isEqualTo(1);
        assertThat(store.stats().misses()).isEqualTo(1);
        assertThat(store.stats().bytes()).isEqualTo(5);
    }

    @Test
    void cachedReadCarriesTheOriginMetadata() {
        var written = origin.put("a.txt", ContentSource.ofBytes(new byte[] {1, 2, 3}),
                dev.stowage.PutOptions.builder().contentType("text/plain").build());
        CachedBlobStore store = cached();
        read(store.get("a.txt"));

        try (BlobInputStream in = store.get("a.txt")) {
            assertThat(in.info().key()).isEqualTo("a.txt");
            assertThat(in.info().etag()).isEqualTo(written.etag());
            assertThat(in.info().lastModified()).isEqualTo(written.lastModified());
            assertThat(in.info().contentType()).isEqualTo("text/plain");
            assertThat(in.info().userMetadata()).isEmpty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void rangeReadIsServedFromTheCache() {
        origin.put("a.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached();
        read(store.get("a.txt"));

        assertThat(read(store.get("a.txt", ByteRange.of(2, 3)))).isEqualTo("234");
        assertThat(origin.gets).hasValue(1);
    }

    @Test
    void rangeReadIsServedFromTheCacheStoreWhenMemoryIsOff() {
        origin.put("a.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached(CachePolicy.builder().memoryBytes(0).build());
        read(store.get("a.txt"));

        assertThat(read(store.get("a.txt", ByteRange.of(2, 3)))).isEqualTo("234");
        assertThat(read(store.get("a.txt"))).isEqualTo("0123456789");
        assertThat(origin.gets).hasValue(1);
        assertThat(cacheStore.gets).as("the first read too reads the filled copy").hasValue(3);
        assertThat(store.stats().memoryBytes()).isZero();
    }

    @Test
    void hotSmallEntriesAreServedFromMemory() {
        origin.put("a.txt", "0123456789".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached();
        read(store.get("a.txt"));
        for (int i = 0; i < 5; i++) {
            assertThat(read(store.get("a.txt"))).isEqualTo("0123456789");
        }
        assertThat(read(store.get("a.txt", ByteRange.from(7)))).isEqualTo("789");
        assertThatThrownBy(() -> store.get("a.txt", ByteRange.from(10))).isInstanceOfSatisfying(
                StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT));

        assertThat(cacheStore.gets).as("no read of the cache store").hasValue(0);
        assertThat(store.stats().memoryBytes()).isEqualTo(10);
        store.invalidate("a.txt");
        assertThat(store.stats().memoryBytes()).isZero();
    }

    @Test
    void entriesFoundInTheCacheStoreArePromotedToMemory() {
        origin.put("a.txt", "abc".getBytes(StandardCharsets.UTF_8));
        read(cached().get("a.txt"));
        CachedBlobStore reopened = cached();
        read(reopened.get("a.txt"));
        read(reopened.get("a.txt"));
        assertThat(cacheStore.gets).hasValue(1);
        assertThat(reopened.stats().memoryBytes()).isEqualTo(3);
    }

    @Test
    void memoryBudgetIsRespected() {
        for (String k : List.of("a", "b", "c")) {
            origin.put(k, new byte[400]);
        }
        CachedBlobStore store = cached(CachePolicy.builder().memoryBytes(1000).memoryEntryBytes(500).build());
        for (String k : List.of("a", "b", "c")) {
            read(store.get(k));
        }
        assertThat(store.stats().memoryBytes()).isEqualTo(800);
        assertThat(store.stats().entries()).isEqualTo(3);
    }

    @Test
    void changedOriginEtagInvalidatesTheEntry() {
        origin.put("a.txt", "old".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached(CachePolicy.builder().revalidateAfter(Duration.ofSeconds(5)).build());
        assertThat(read(store.get("a.txt"))).isEqualTo("old");

        origin.put("a.txt", "new".getBytes(StandardCharsets.UTF_8));
        assertThat(read(store.get("a.txt"))).as("trusted until revalidateAfter").isEqualTo("old");
        clock.advance(Duration.ofSeconds(5));

        assertThat(read(store.get("a.txt"))).isEqualTo("new");
        assertThat(store.stats().invalidations()).isEqualTo(1);
    }

    @Test
    void revalidationIsAtMostOneStatPerPeriod() {
        origin.put("a.txt", "x".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached(CachePolicy.builder().revalidateAfter(Duration.ofSeconds(10)).build());
        for (int i = 0; i < 20; i++) {
            read(store.get("a.txt"));
        }
        assertThat(origin.stats).hasValue(0);
        clock.advance(Duration.ofSeconds(10));
        for (int i = 0; i < 20; i++) {
            read(store.get("a.txt"));
        }
        assertThat(origin.stats).hasValue(1);
        assertThat(origin.gets).hasValue(1);
    }

    @Test
    void deletedOriginIsNotFoundAfterRevalidation() {
        origin.put("a.txt", "x".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached(CachePolicy.builder().revalidateAfter(Duration.ZERO).build());
        read(store.get("a.txt"));
        origin.delete("a.txt");

        assertThatThrownBy(() -> store.get("a.txt")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(store.stats().entries()).isZero();
    }

    @Test
    void writeThroughTheCacheDropsTheCachedCopy() {
        origin.put("a.txt", "old".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached();
        read(store.get("a.txt"));

        store.put("a.txt", "new".getBytes(StandardCharsets.UTF_8));

        assertThat(read(store.get("a.txt"))).isEqualTo("new");
    }

    @Test
    void leastRecentlyReadEntriesAreEvictedBeyondMaxBytes() {
        byte[] kb = new byte[1000];
        for (String k : List.of("a", "b", "c", "d")) {
            origin.put(k, kb);
        }
        CachedBlobStore store = cached(CachePolicy.builder().maxBytes(3000).build());
        read(store.get("a"));
        clock.advance(Duration.ofMillis(1));
        read(store.get("b"));
        clock.advance(Duration.ofMillis(1));
        read(store.get("c"));
        clock.advance(Duration.ofMillis(1));
        read(store.get("a")); // a is now more recent than b
        clock.advance(Duration.ofMillis(1));
        read(store.get("d"));

        assertThat(store.stats().bytes()).isLessThanOrEqualTo(3000);
        assertThat(store.stats().evictions()).isGreaterThanOrEqualTo(1);
        int before = origin.gets.get();
        read(store.get("a"));
        read(store.get("d"));
        assertThat(origin.gets).as("a and d stayed cached").hasValue(before);
        read(store.get("b"));
        assertThat(origin.gets).as("b was evicted").hasValue(before + 1);
        assertThat(cacheStore.list(dev.stowage.ListOptions.all()).count()).isEqualTo(store.stats().entries());
    }

    @Test
    void entriesOlderThanMaxAgeAreFetchedAgain() {
        origin.put("a.txt", "x".getBytes(StandardCharsets.UTF_8));
        CachedBlobStore store = cached(CachePolicy.builder().maxAge(Duration.ofHours(1))
                .revalidateAfter(Duration.ofDays(1)).build());
        read(store.get("a.txt"));
        clock.advance(Duration.ofMinutes(59));
        read(store.get("a.txt"));
        assertThat(origin.gets).hasValue(1);

        clock.advance(Duration.ofMinutes(1));
        read(store.get("a.txt"));

        assertThat(origin.gets).hasValue(2);
        assertThat(store.stats().evictions()).isEqualTo(1);
    }

    @Test
    void objectsLargerThanMaxEntryBytesAreStreamedFromTheOrigin() {
        origin.put("big", new byte[100]);
        CachedBlobStore store = cached(CachePolicy.builder().maxEntryBytes(50).build());

        assertThat(read(store.get("big"))).hasSize(100);
        assertThat(read(store.get("big", ByteRange.of(10, 5)))).hasSize(5);

        assertThat(store.stats().entries()).isZero();
        assertThat(cacheStore.list(dev.stowage.ListOptions.all()).count()).isZero();
    }

    @Test
    void fiftyConcurrentReadsOfAMissingEntryFetchItOnce() throws Exception {
        origin.put("a.txt", "shared".getBytes(StandardCharsets.UTF_8));
        origin.getDelayMillis = 200;
        CachedBlobStore store = cached();

        List<String> results = runConcurrently(50, () -> read(store.get("a.txt")));

        assertThat(results).hasSize(50).containsOnly("shared");
        assertThat(origin.gets).hasValue(1);
        assertThat(store.stats().fills()).isEqualTo(1);
    }

    @Test
    void cacheStoreContentSurvivesAReopen() {
        origin.put("a.txt", "kept".getBytes(StandardCharsets.UTF_8));
        read(cached().get("a.txt"));

        CachedBlobStore reopened = cached();

        assertThat(reopened.stats().entries()).isEqualTo(1);
        assertThat(read(reopened.get("a.txt"))).isEqualTo("kept");
        assertThat(origin.gets).as("revalidated with a stat, not fetched again").hasValue(1);
        assertThat(origin.stats).hasValue(1);
    }

    @Test
    void aCacheStoreWithoutUserMetadataIsRefusedByName() {
        dev.stowage.BlobStore noMetadata = new ForwardingBlobStore(new MemoryStore()) {
            @Override
            public dev.stowage.Capabilities capabilities() {
                return dev.stowage.Capabilities.builder().rangeRead(true).build();
            }
        };
        assertThatThrownBy(() -> new CachedBlobStore(origin, noMetadata, CachePolicy.defaults(), clock))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
                    assertThat(e.getMessage()).contains("keep user metadata");
                });
    }

    private <T> List<T> runConcurrently(int callers, java.util.concurrent.Callable<T> call) throws Exception {
        pool = Executors.newFixedThreadPool(callers);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<T>> futures = new ArrayList<>();
        for (int i = 0; i < callers; i++) {
            futures.add(pool.submit(() -> {
                start.await();
                return call.call();
            }));
        }
        start.countDown();
        List<T> results = new ArrayList<>();
        for (Future<T> f : futures) {
            results.add(f.get(30, TimeUnit.SECONDS));
        }
        return results;
    }
}
