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
 * Counts a copy's files and bytes, and how each copy was verified. On a terminal it redraws one status line in
 * place (carriage return) a few times a second; at the end it gives the summary line. Every message is escaped
 * with {@link Printable} before it is printed. Thread-safe: copy workers report into it concurrently.
 */
final class Progress implements AutoCloseable {
    private static final double MIB = 1024.0 * 1024.0;

    private final PrintStream err;
    private final long startNanos = System.nanoTime();
    private final AtomicLong files = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong streamed = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong sizeOnly = new AtomicLong();
    private final AtomicLong skipped = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final AtomicLong leftOut = new AtomicLong();
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

    /**
     * One object copied and verified: its size always, and a digest too unless {@code bySizeOnly} (neither side
     * reported a digest the other could be compared with).
     */
    void verified(long size, boolean bySizeOnly) {
        files.incrementAndGet();
        bytes.addAndGet(size);
        if (bySizeOnly) {
            sizeOnly.incrementAndGet();
        }
    }

    /** One object left alone because the target already holds the same (sync). */
    void skipped() {
        skipped.incrementAndGet();
    }

    /** One object left out on purpose (the target cannot hold its key); the reason goes to stderr at once. */
    void skipped(String message) {
        leftOut.incrementAndGet();
        print("stowage: skipped " + Printable.of(message));
    }

    /** One target object deleted (sync --delete). */
    void deleted() {
        deleted.incrementAndGet();
    }

    /** One object failed; the message goes to stderr at once and the others continue. */
    void failed(String message) {
        failed.incrementAndGet();
        print("stowage: " + Printable.of(message));
    }

    /** A warning on stderr that does not fail the command. */
    void warn(String message) {
        print("stowage: warning: " + Printable.of(message));
    }

    private synchronized void print(String line) {
        clearLine();
        err.println(line);
        err.flush();
    }

    long failures() {
        return failed.get();
    }

    long files() {
        return files.get();
    }

    long skippedCount() {
        return skipped.get();
    }

    /**
     * {@code copied N objects, X MiB in Ys (Z MiB/s), verified N (K by size only), M failed}: every object counted
     * as copied was verified; "by size only" counts those where no digest could be compared.
     */
    String summary() {
        return String.format(Locale.ROOT, "%s, %d failed", copied(), failed.get())
                + (leftOut.get() > 0 ? ", " + leftOut.get() + " skipped" : "");
    }

    /** The sync summary: the copy summary with the objects skipped as the same and those deleted. */
    String syncSummary() {
        return String.format(Locale.ROOT, "%s, skipped %d (same), deleted %d, %d failed", copied(), skipped.get(),
                deleted.get(), failed.get());
    }

    private String copied() {
        double seconds = Math.max(elapsedSeconds(), 1e-3);
        double mib = bytes.get() / MIB;
        long n = files.get();
        return String.format(Locale.ROOT, "copied %d %s, %.1f MiB in %.1fs (%.1f MiB/s), verified %d (%d by size only)",
                n, n == 1 ? "object" : "objects", mib, elapsedSeconds(), mib / seconds, n, sizeOnly.get());
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
