package dev.stowage.cli;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Phaser;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A fixed number of worker threads with a bounded queue: {@link #submit} blocks while {@code 4 × jobs} tasks are
 * waiting, so a listing feeding it is consumed as work finishes and is never held whole. Tasks must report their
 * own failures (they run to completion; an exception escaping one is a bug and ends only that task).
 */
final class Workers implements AutoCloseable {
    private final ExecutorService pool;
    private final Semaphore slots;
    private final Phaser pending = new Phaser(1);

    Workers(int jobs, String name) {
        pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
        slots = new Semaphore(jobs * 4);
    }

    void submit(Runnable task) throws InterruptedException {
        slots.acquire();
        pending.register();
        pool.execute(() -> {
            try {
                task.run();
            } finally {
                slots.release();
                pending.arriveAndDeregister();
            }
        });
    }

    /** Waits until every task submitted so far has ended. */
    void awaitAll() {
        pending.arriveAndAwaitAdvance();
    }

    /** Lets running tasks end (their results are counted) and stops the threads. */
    @Override
    public void close() throws InterruptedException {
        pool.shutdown();
        pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
    }
}
