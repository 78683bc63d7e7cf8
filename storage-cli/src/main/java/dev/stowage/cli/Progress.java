package dev.stowage.cli;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts a copy's files and bytes. On a terminal it redraws one status line in place (carriage return) a few
 * times a second; at the end it gives the summary line. Thread-safe: copy workers report into it concurrently.
 */
final class Progress implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final ScheduledExecutorService ticker;
    private int lastWidth;

    Progress(Terminal terminal) {
        this.err = terminal.err();
        if (terminal.interactive()) {
            ticker = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "stowage-progress");
                t.setDaemon(true);
                return t;
            });
            ticker.scheduleAtFixedRate(this::redraw, 200, 250, TimeUnit.MILLISECONDS);
        } else {
            ticker = null;
        }
    }

    /** Counts bytes as they flow, so the throughput shown includes objects still being copied. */
    InputStream counting(InputStream in) {
        return new FilterInputStream(in) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b >= 0) {
                    streamed.incrementAndGet();
                }
                return b;
            }

            @Override
            public int read(byte[] buf, int off, int len) throws IOException {
                int n = super.read(buf, off, len);
                if (n > 0) {
                    streamed.addAndGet(n);
                }
                return n;
            }
        };
    }

    /** One object copied. */
    void done(long size) {
        files.incrementAndGet();
        bytes.addAndGet(size);
    }

    /** One object failed; the message goes to stderr at once and the others continue. */
    void failed(String message) {
        failed.incrementAndGet();
        synchronized (this) {
            clearLine();
            err.println("stowage: " + message);
            err.flush();
        }
    }

    /** One object left out on purpose; the reason goes to stderr at once and the others continue. */
    void skipped(String message) {
        skipped.incrementAndGet();
        synchronized (this) {
            clearLine();
            err.println("stowage: skipped " + message);
            err.flush();
        }
    }

    long failures() {
        return failed.get();
    }

    long files() {
        return files.get();
    }

    /** {@code copied N objects, X MiB in Ys (Z MiB/s), M failed}. */
    String summary() {
        double seconds = Math.max(elapsedSeconds(), 1e-3);
        double mib = bytes.get() / MIB;
        long n = files.get();
        return String.format(Locale.ROOT, "copied %d %s, %.1f MiB in %.1fs (%.1f MiB/s), %d failed",
                n, n == 1 ? "object" : "objects", mib, elapsedSeconds(), mib / seconds, failed.get())
                + (skipped.get() > 0 ? ", " + skipped.get() + " skipped" : "");
    }

    private double elapsedSeconds() {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private synchronized void redraw() {
        double seconds = Math.max(elapsedSeconds(), 1e-3);
        double mib = streamed.get() / MIB;
        String line = String.format(Locale.ROOT, "%d files, %.1f MiB, %.1f MiB/s%s", files.get(), mib, mib / seconds,
                failed.get() > 0 ? ", " + failed.get() + " failed" : "");
        StringBuilder sb = new StringBuilder("\r").append(line);
        for (int i = line.length(); i < lastWidth; i++) {
            sb.append(' ');
        }
        lastWidth = line.length();
        err.print(sb);
        err.flush();
    }

    private void clearLine() {
        if (lastWidth > 0) {
            err.print("\r" + " ".repeat(lastWidth) + "\r");
            lastWidth = 0;
        }
    }

    @Override
    public synchronized void close() {
        if (ticker != null) {
            ticker.shutdownNow();
            clearLine();
            err.flush();
        }
    }
}
