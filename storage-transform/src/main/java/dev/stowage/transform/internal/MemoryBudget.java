package dev.stowage.transform.internal;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.TransformException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * The heap shared by all transforms of this JVM, as a semaphore of kibibytes. Each transform takes its estimate
 * before allocating pixel buffers and gives it back when done, so transforms that each fit their own budget
 * cannot together exhaust the heap: one that does not get its share waits, up to its deadline, and is then
 * refused as {@link ErrorKind#OVERLOADED} (retryable) instead of failing at random with an
 * {@link OutOfMemoryError}.
 *
 * <p>The size is 60% of the maximum heap by default (the rest is left for the application, the encoded sources
 * and outputs, and the collector's headroom), or the system property {@code stowage.transform.heapBudget} in
 * bytes.
 */
public final class MemoryBudget {
    private static final MemoryBudget SHARED = new MemoryBudget(defaultBytes());

    private final Semaphore kib;
    private final long totalBytes;

    MemoryBudget(long totalBytes) {
        this.totalBytes = totalBytes;
        this.kib = new Semaphore((int) Math.min(Integer.MAX_VALUE, totalBytes >> 10), true);
    }

    /** The budget of this JVM. */
    public static MemoryBudget shared() {
        return SHARED;
    }

    /** The size of the budget in bytes. */
    public long totalBytes() {
        return totalBytes;
    }

    /** A share of the budget; close it to give it back. */
    public interface Lease extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Takes {@code bytes} from the budget, waiting until {@code deadlineNanos} at most.
     *
     * @throws TransformException {@link ErrorKind#SOURCE_TOO_LARGE} if {@code bytes} exceeds the whole budget,
     *                            {@link ErrorKind#OVERLOADED} if the share did not free up in time
     */
    public Lease acquire(long bytes, long deadlineNanos) {
        int permits = (int) Math.min(Integer.MAX_VALUE, Math.max(1, (bytes + 1023) >> 10));
        if ((long) permits << 10 > totalBytes) {
            throw new TransformException(ErrorKind.SOURCE_TOO_LARGE, "memoryBudgetBytes", "The transform would need "
                    + "about " + bytes + " bytes of buffers, more than this JVM's whole transform heap budget of "
                    + totalBytes + " bytes (60% of -Xmx)", null);
        }
        boolean got;
        try {
            got = kib.tryAcquire(permits, Math.max(0, deadlineNanos - System.nanoTime()), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            got = false;
        }
        if (!got) {
            throw new TransformException(ErrorKind.OVERLOADED, "memoryBudgetBytes", "Other transforms held the "
                    + "shared memory budget until the time limit; try again shortly", null);
        }
        return () -> kib.release(permits);
    }

    private static long defaultBytes() {
        String configured = System.getProperty("stowage.transform.heapBudget");
        if (configured != null) {
            try {
                long v = Long.parseLong(configured.trim());
                if (v > 0) {
                    return v;
                }
            } catch (NumberFormatException e) {
                // fall through to the default; a bad property must not stop the module loading
            }
        }
        return Runtime.getRuntime().maxMemory() / 10 * 6;
    }
}
