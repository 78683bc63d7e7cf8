package dev.stowage.sftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.emulator.SftpServerEmulator;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A put into a folder whose last object another thread is deleting: the delete removes the folders it leaves
 * empty, which can happen between the put making the folders and creating its file. The put must make them again,
 * not fail. Many short rounds, because the window is narrow (before the fix, about one round in twenty failed).
 */
class SftpFolderRaceTest {
    @Test
    void putSurvivesItsFolderBeingRemovedByAConcurrentDelete() throws Exception {
        List<String> failures = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try (SftpServerEmulator sftp = SftpServerEmulator.start()) {
            for (int round = 0; round < 80; round++) {
                try (BlobStore store = BlobStores.open(sftp.uri("race" + round))) {
                    Future<?> churn = pool.submit(() -> {
                        for (int i = 0; i < 5; i++) {
                            store.put("f/g/churn.txt", "x".getBytes());
                            store.delete("f/g/churn.txt");
                        }
                        return null;
                    });
                    Future<?> keep = pool.submit(() -> store.put("f/g/keep", "k".getBytes()));
                    try {
                        churn.get();
                        keep.get();
                        assertThat(store.getBytes("f/g/keep")).isEqualTo("k".getBytes());
                    } catch (ExecutionException e) {
                        failures.add("round " + round + ": " + e.getCause());
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(failures).isEmpty();
    }
}
