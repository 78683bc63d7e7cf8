package dev.stowage.internal;

import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.Deadline;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * How the portable layer holds a call to its {@link Deadline}, without a thread per call: the driver runs on the
 * caller's thread with the deadline {@linkplain Deadline#current() current}, and one shared timer thread acts only
 * when a deadline passes. It interrupts a driver call still running (which ends waits, NIO channels and SDKs that
 * watch interrupts) and closes a stream still being read (which ends a read blocked on a socket). What failed after
 * the deadline, however it failed, is reported as {@link ErrorCode#DEADLINE_EXCEEDED}. Not API.
 */
public final class Deadlines {
    private static final ScheduledThreadPoolExecutor TIMER = timer();
    /** Closing a stream may block (a server that does not answer an abort): done away from the timer thread. */
    private static final ExecutorService ABORTS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-deadline-abort");
        t.setDaemon(true);
        return t;
    });

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;

    private Deadlines() {
    }

    private static ScheduledThreadPoolExecutor timer() {
        ScheduledThreadPoolExecutor t = new ScheduledThreadPoolExecutor(1, r -> {
            Thread thread = new Thread(r, "stowage-deadline");
            thread.setDaemon(true);
            return thread;
        });
        t.setRemoveOnCancelPolicy(true);
        return t;
    }

    /** A driver call. */
    public interface Call<T> {
        T run() throws Exception;
    }

    /**
     * Runs {@code call} within {@code deadline} ({@code null}: no deadline). A failure after the deadline is
     * DEADLINE_EXCEEDED with the failure as its cause. A read that answers late (a call that swallowed the interrupt)
     * fails the same way, its result closed; a write that answers late is returned, since it did happen.
     */
    public static <T> T call(Deadline deadline, Operation op, Call<T> call) throws Exception {
        if (deadline == null) {
            return call.run();
        }
        if (deadline.isExpired()) {
            throw exceeded(deadline, op, null);
        }
        Thread caller = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        ScheduledFuture<?> alarm = TIMER.schedule(() -> {
            if (state.compareAndSet(RUNNING, FIRED)) {
                caller.interrupt();
            }
        }, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        try (Deadline.Scope ignored = deadline.enter()) {
            T result = call.run();
            if (isRead(op) && deadline.isExpired()) {
                closeQuietly(result);
                throw exceeded(deadline, op, null);
            }
            return result;
        } catch (Exception e) {
            if (deadline.isExpired() && !(e instanceof StorageException se && se.code() == ErrorCode.DEADLINE_EXCEEDED)) {
                throw exceeded(deadline, op, e);
            }
            throw e;
        } finally {
            if (!state.compareAndSet(RUNNING, DONE)) {
                Thread.interrupted(); // the alarm's interrupt was for the call, not for the caller's next wait
            }
            alarm.cancel(false);
        }
    }

    private static boolean isRead(Operation op) {
        return op == Operation.GET || op == Operation.STAT || op == Operation.EXISTS || op == Operation.LIST;
    }

    private static void closeQuietly(Object result) {
        if (result instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception ignored) {
                // the late answer is dropped either way
            }
        }
    }

    /** {@code in}, failing with DEADLINE_EXCEEDED when read past {@code deadline} ({@code null}: as is). */
    public static InputStream bound(InputStream in, Deadline deadline, Operation op, String store, String key) {
        return deadline == null ? in : new BoundStream(in, deadline, op, store, key);
    }

    static StorageException exceeded(Deadline deadline, Operation op, Throwable cause) {
        return StorageException.builder(ErrorCode.DEADLINE_EXCEEDED, "not done within its deadline of "
                        + describe(deadline) + (cause == null ? "" : " (" + cause.getClass().getSimpleName() + ")"))
                .operation(op).cause(cause)
                .hint("the backend is slow or unreachable; give the store a longer deadline if large transfers or "
                        + "long listings need it")
                .build();
    }

    private static String describe(Deadline d) {
        long millis = d.budget().toMillis();
        return millis % 1000 == 0 ? millis / 1000 + " s" : millis + " ms";
    }

    /** A returned stream held to its call's deadline: closed under a blocked read when the deadline passes. */
    private static final class BoundStream extends FilterInputStream {
        private final Deadline deadline;
        private final Operation op;
        private final String store;
        private final String key;
        private final ScheduledFuture<?> alarm;
        private volatile boolean aborted;

        BoundStream(InputStream in, Deadline deadline, Operation op, String store, String key) {
            super(in);
            this.deadline = deadline;
            this.op = op;
            this.store = store;
            this.key = key;
            this.alarm = TIMER.schedule(this::abort, deadline.remaining().toNanos(), TimeUnit.NANOSECONDS);
        }

        private void abort() {
            aborted = true;
            ABORTS.execute(() -> {
                try {
                    in.close();
                } catch (IOException | RuntimeException ignored) {
                    // the blocked read fails with the deadline whatever the close reports
                }
            });
        }

        private void check() {
            if (aborted || deadline.isExpired()) {
                throw exceeded(null);
            }
        }

        private RuntimeException failed(Exception e) {
            return aborted || deadline.isExpired() ? exceeded(e) : null;
        }

        /** One read of the stream under it. */
        private interface Read {
            long run() throws IOException;
        }

        /**
         * Runs a read; one that fails or ends after the deadline passed (the stream closed under it) fails with the
         * deadline. An end of stream is a negative result.
         */
        private long guarded(Read read) throws IOException {
            check();
            long n;
            try {
                n = read.run();
            } catch (IOException | RuntimeException e) {
                RuntimeException late = failed(e);
                if (late != null) {
                    throw late;
                }
                throw e;
            }
            if (n < 0 && aborted) {
                throw exceeded(null); // the close under the read, not the end of the object
            }
            return n;
        }

        @Override
        public int read() throws IOException {
            return (int) guarded(in::read);
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            return (int) guarded(() -> in.read(buf, off, len));
        }

        @Override
        public long skip(long n) throws IOException {
            return guarded(() -> in.skip(n));
        }

        @Override
        public void close() throws IOException {
            alarm.cancel(false);
            if (!aborted) {
                in.close();
            }
        }

        private StorageException exceeded(Throwable cause) {
            return Deadlines.exceeded(deadline, op, cause).toBuilder().store(store).key(key).build();
        }
    }
}
