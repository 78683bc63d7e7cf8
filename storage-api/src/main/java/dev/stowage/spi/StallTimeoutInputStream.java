package dev.stowage.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Bounds every wait for data of a stream whose transport has no read timeout of its own (the response body of
 * {@code java.net.http}, for one), so that a connection stalling mid-body fails its reader instead of hanging it.
 * A read, skip or single-byte read that waits longer than the limit fails with a {@link SocketTimeoutException}
 * naming the wait and the setting; the stream never ends early because of a stall, so a stall cannot pass for a
 * short object. Time the caller spends between reads is not counted.
 *
 * <p>A stalled read is ended by closing the wrapped stream from a watchdog thread, so the wrapped stream's
 * {@code close()} must unblock a read blocked in it, as it does for sockets and for {@code java.net.http}'s response
 * body (whose reads ignore interrupts). The watchdog is one shared daemon thread, running only while reads are being
 * watched. Close it as any stream; like most streams it is read by one thread at a time.
 */
public final class StallTimeoutInputStream extends FilterInputStream {
    private static final long IDLE = Long.MIN_VALUE;

    private final long limitNanos;
    private final Duration limit;
    private final String setting;
    /** When the read in progress began ({@link System#nanoTime()}), or {@link #IDLE}; read by the watchdog. */
    private volatile long readStartedAt = IDLE;
    /** Whether the watchdog holds this stream; see {@link Watchdog#scan()} for the hand-over. */
    private final AtomicBoolean watched = new AtomicBoolean();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean stalled;
    private volatile long stalledAfterNanos;

    /**
     * @param in      the stream to read; its {@code close()} must unblock a read blocked in it
     * @param limit   the longest wait for data of one read; positive
     * @param setting the option that set the limit, named in the failure (e.g. {@code requestTimeout})
     */
    public StallTimeoutInputStream(InputStream in, Duration limit, String setting) {
        super(Objects.requireNonNull(in, "in"));
        if (limit.isZero() || limit.isNegative()) {
            throw new IllegalArgumentException("limit must be positive, was " + limit);
        }
        this.limit = limit;
        this.limitNanos = saturatedNanos(limit);
        this.setting = Objects.requireNonNull(setting, "setting");
    }

    @Override
    public int read() throws IOException {
        arm();
        int b;
        try {
            b = in.read();
        } catch (IOException e) {
            throw stalled ? timeout(e) : e;
        } catch (RuntimeException e) {
            if (stalled) {
                throw timeout(e);
            }
            throw e;
        } finally {
            readStartedAt = IDLE;
        }
        return ended(b);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        arm();
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            throw stalled ? timeout(e) : e;
        } catch (RuntimeException e) {
            if (stalled) {
                throw timeout(e);
            }
            throw e;
        } finally {
            readStartedAt = IDLE;
        }
        return ended(n);
    }

    @Override
    public long skip(long n) throws IOException {
        arm();
        long skipped;
        try {
            skipped = in.skip(n);
        } catch (IOException e) {
            throw stalled ? timeout(e) : e;
        } catch (RuntimeException e) {
            if (stalled) {
                throw timeout(e);
            }
            throw e;
        } finally {
            readStartedAt = IDLE;
        }
        if (skipped <= 0 && n > 0 && stalled) {
            throw timeout(null);
        }
        return skipped;
    }

    @Override
    public void close() throws IOException {
        Watchdog.INSTANCE.forget(this);
        closeWrapped();
    }

    /** Starts timing a read; the per-read cost is a clock read and two volatile writes. */
    private void arm() throws IOException {
        if (stalled) {
            throw timeout(null);
        }
        readStartedAt = System.nanoTime();
        if (!watched.get() && watched.compareAndSet(false, true)) {
            Watchdog.INSTANCE.watch(this);
        }
    }

    /** Called by the watchdog: fails the read in progress by closing the wrapped stream under it. */
    private void abort(long waitedNanos) {
        stalledAfterNanos = waitedNanos;
        stalled = true;
        try {
            closeWrapped();
        } catch (IOException | RuntimeException ignored) {
            // the blocked read fails with the timeout whatever the close reports
        }
    }

    private void closeWrapped() throws IOException {
        if (closed.compareAndSet(false, true)) {
            in.close();
        }
    }

    /** A read's result; an end reported after the watchdog closed the wrapped stream is the stall, not an end. */
    private int ended(int result) throws SocketTimeoutException {
        if (result < 0 && stalled) {
            throw timeout(null);
        }
        return result;
    }

    private SocketTimeoutException timeout(Throwable cause) {
        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(stalledAfterNanos);
        SocketTimeoutException e = new SocketTimeoutException("no data arrived for " + waitedMillis + " ms while "
                + "reading; gave up after " + setting + " (" + describe(limit) + "): the connection stalled");
        if (cause != null) {
            e.initCause(cause);
        }
        return e;
    }

    private static String describe(Duration d) {
        long millis = d.toMillis();
        return millis % 1000 == 0 ? millis / 1000 + "s" : millis + "ms";
    }

    private static long saturatedNanos(Duration d) {
        try {
            return d.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE;
        }
    }

    /** How many streams the watchdog holds; for tests. */
    static int watchedCount() {
        return Watchdog.INSTANCE.reading.size();
    }

    /**
     * One thread for all streams. It looks at the streams being read every {@link #TICK_MILLIS} and lets go of those
     * found between reads, so a stream read continuously is re-registered a few times a second at most, never per
     * read, and a stream abandoned without being closed is not kept. The thread ends when nothing is watched.
     */
    private static final class Watchdog {
        static final Watchdog INSTANCE = new Watchdog();
        /** How often reads in progress are checked: a stall fails at most this long after its limit. */
        static final long TICK_MILLIS = 100;

        final Set<StallTimeoutInputStream> reading = ConcurrentHashMap.newKeySet();
        private final AtomicBoolean scanScheduled = new AtomicBoolean();
        private final ScheduledThreadPoolExecutor timer;

        private Watchdog() {
            timer = new ScheduledThreadPoolExecutor(1, r -> {
                Thread t = new Thread(r, "stowage-stall-watchdog");
                t.setDaemon(true);
                return t;
            });
            timer.setKeepAliveTime(1, TimeUnit.SECONDS);
            timer.allowCoreThreadTimeOut(true);
        }

        void watch(StallTimeoutInputStream s) {
            reading.add(s);
            if (scanScheduled.compareAndSet(false, true)) {
                timer.schedule(this::scan, TICK_MILLIS, TimeUnit.MILLISECONDS);
            }
        }

        void forget(StallTimeoutInputStream s) {
            reading.remove(s);
        }

        private void scan() {
            try {
                long now = System.nanoTime();
                for (StallTimeoutInputStream s : reading) {
                    long started = s.readStartedAt;
                    if (started == IDLE) {
                        // Let go of a stream between reads. Removing before clearing 'watched' and then looking at
                        // readStartedAt again means a read starting meanwhile is either seen here or registers itself.
                        reading.remove(s);
                        s.watched.set(false);
                        if (s.readStartedAt != IDLE && s.watched.compareAndSet(false, true)) {
                            reading.add(s);
                        }
                    } else if (now - started >= s.limitNanos && s.readStartedAt == started) {
                        reading.remove(s);
                        s.abort(now - started);
                    }
                }
            } finally {
                scanScheduled.set(false);
                if (!reading.isEmpty() && scanScheduled.compareAndSet(false, true)) {
                    timer.schedule(this::scan, TICK_MILLIS, TimeUnit.MILLISECONDS);
                }
            }
        }
    }
}
