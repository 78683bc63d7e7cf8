package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ListOptions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** Many threads sharing one store: stores are thread-safe and writes are atomic. */
public interface ConcurrencyContract extends StoreUnderTest {

    /** Runs the tasks on their own threads, released together, and returns their results in order. */
    private <T> List<T> runTogether(List<Callable<T>> tasks) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(tasks.size());
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Callable<T> task : tasks) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return task.call();
                }));
            }
            start.countDown();
            List<T> results = new ArrayList<>();
            for (Future<T> f : futures) {
                results.add(f.get());
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Content that is recognisably one writer's: every byte is the writer's number. */
    private static byte[] filled(int writer, int size) {
        byte[] b = new byte[size];
        Arrays.fill(b, (byte) writer);
        return b;
    }

    private static boolean isWholeVersion(byte[] content, int size) {
        if (content.length != size) {
            return false;
        }
        for (byte b : content) {
            if (b != content[0]) {
                return false;
            }
        }
        return true;
    }

    @Test
    default void concurrentPutsOfDistinctKeysAreAllReadable() throws Exception {
        int threads = 16;
        List<Callable<String>> tasks = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            String key = "shared/dir/key-" + i;
            tasks.add(() -> {
                putText(key, key);
                return key;
            });
        }
        List<String> written = runTogether(tasks);
        for (String key : written) {
            assertThat(text(key)).isEqualTo(key);
        }
        assertThat(keys(ListOptions.all())).hasSize(threads);
    }

    @Test
    default void concurrentOverwritesLeaveExactlyOneWrittenContent() throws Exception {
        int writers = 8;
        int size = 64 * 1024;
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 1; i <= writers; i++) {
            byte[] content = filled(i, size);
            tasks.add(() -> {
                for (int round = 0; round < 3; round++) {
                    store().put("contended.bin", content);
                }
                return null;
            });
        }
        runTogether(tasks);
        byte[] result = store().getBytes("contended.bin");
        assertThat(isWholeVersion(result, size)).as("one writer's whole content, not a mix").isTrue();
        assertThat((int) result[0]).isBetween(1, writers);
    }

    @Test
    default void readersDuringOverwritesSeeOldOrNewContentWhole() throws Exception {
        int size = 32 * 1024;
        store().put("flip.bin", filled(1, size));
        AtomicBoolean writing = new AtomicBoolean(true);
        List<Callable<Integer>> tasks = new ArrayList<>();
        tasks.add(() -> {
            try {
                for (int i = 0; i < 30; i++) {
                    store().put("flip.bin", filled(2 + i % 2, size));
                }
            } finally {
                writing.set(false);
            }
            return 0;
        });
        for (int r = 0; r < 3; r++) {
            tasks.add(() -> {
                int torn = 0;
                int reads = 0;
                while (writing.get() || reads < 5) {
                    byte[] seen = store().getBytes("flip.bin");
                    reads++;
                    if (!isWholeVersion(seen, size)) {
                        torn++;
                    }
                }
                return torn;
            });
        }
        assertThat(runTogether(tasks)).as("torn reads per thread").containsOnly(0);
    }

    @Test
    default void concurrentDeletesOfOneKeyAllSucceed() throws Exception {
        putText("dir/victim.txt", "x");
        List<Callable<Void>> tasks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            tasks.add(() -> {
                store().delete("dir/victim.txt");
                return null;
            });
        }
        runTogether(tasks);
        assertThat(store().exists("dir/victim.txt")).isFalse();
    }

    @Test
    default void concurrentPutsAndDeletesInOneFolderDoNotInterfere() throws Exception {
        List<Callable<Void>> tasks = new ArrayList<>();
        tasks.add(() -> {
            for (int i = 0; i < 40; i++) {
                putText("f/churn.txt", "x");
                store().delete("f/churn.txt");
            }
            return null;
        });
        tasks.add(() -> {
            for (int i = 0; i < 40; i++) {
                putText("f/keep-" + i, "kept");
            }
            return null;
        });
        runTogether(tasks);
        List<String> expected = IntStream.range(0, 40).mapToObj(i -> "f/keep-" + i).sorted().toList();
        assertThat(keys(ListOptions.all())).containsExactlyElementsOf(expected);
    }
}
