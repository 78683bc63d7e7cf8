package dev.stowage.spi;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * When one call on a store must be done by. The portable layer makes one per call when the store has a deadline (the
 * {@code deadline} option or {@link dev.stowage.layer.Layers#timeout}) and it covers the whole call: every page of a
 * listing and every read of a returned stream, not only the call that returns them. While a driver works for such a
 * call, {@link #current()} returns it, so a driver whose SDK takes a per-request timeout passes {@link #remaining()}
 * to it and a request stalled inside the SDK ends at the deadline. Past the deadline the call fails with
 * {@link dev.stowage.ErrorCode#DEADLINE_EXCEEDED}.
 */
public final class Deadline {
    private static final ThreadLocal<Deadline> CURRENT = new ThreadLocal<>();
    /** The shortest timeout handed to an SDK: most refuse zero. */
    private static final Duration SHORTEST = Duration.ofMillis(1);

    private final Duration budget;
    private final long expiresAtNanos;
    private final boolean coversStreams;

    private Deadline(Duration budget, long expiresAtNanos, boolean coversStreams) {
        this.budget = budget;
        this.expiresAtNanos = expiresAtNanos;
        this.coversStreams = coversStreams;
    }

    /**
     * A deadline {@code budget} from now for a whole call, reading the streams it returns included; the budget must be
     * positive.
     */
    public static Deadline after(Duration budget) {
        return of(budget, true);
    }

    /**
     * A deadline {@code budget} from now for the requests of a call only ({@link dev.stowage.layer.Layers#answerTimeout}):
     * the reading of a body the call returns is not held to it, so a driver must not hand it to requests made while
     * such a body is read.
     */
    public static Deadline forRequests(Duration budget) {
        return of(budget, false);
    }

    /** Whether reading the streams the call returns is held to this deadline too (see {@link #forRequests}). */
    public boolean coversStreams() {
        return coversStreams;
    }

    private static Deadline of(Duration budget, boolean coversStreams) {
        Objects.requireNonNull(budget, "budget");
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a deadline must be positive, was " + budget);
        }
        long nanos;
        try {
            nanos = budget.toNanos();
        } catch (ArithmeticException tooLong) {
            nanos = Long.MAX_VALUE / 2;
        }
        return new Deadline(budget, System.nanoTime() + Math.min(nanos, Long.MAX_VALUE / 2), coversStreams);
    }

    /** The deadline of the call the current thread is working for, if it has one. */
    public static Optional<Deadline> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** The whole time the call was given. */
    public Duration budget() {
        return budget;
    }

    /** The time left, zero once expired. */
    public Duration remaining() {
        long left = expiresAtNanos - System.nanoTime();
        return left <= 0 ? Duration.ZERO : Duration.ofNanos(left);
    }

    /** The time left as a timeout for an SDK: at least one millisecond, since most refuse zero. */
    public Duration remainingAsTimeout() {
        Duration left = remaining();
        return left.compareTo(SHORTEST) < 0 ? SHORTEST : left;
    }

    /**
     * A client's timeout in milliseconds ({@code 0} or less: none) cut to what is left, for HTTP clients that take
     * per-request timeouts in milliseconds and ignore interrupts. Rounded up to the next millisecond, so that such a
     * timeout never fires before the deadline has passed (the failure is then reported as the deadline's).
     */
    public int cutTimeoutMillis(int timeoutMillis) {
        Duration left = remainingAsTimeout();
        long millis = left.toMillis() + (left.minusMillis(left.toMillis()).isZero() ? 0 : 1);
        int leftMillis = (int) Math.min(Integer.MAX_VALUE, millis);
        return timeoutMillis <= 0 ? leftMillis : Math.min(timeoutMillis, leftMillis);
    }

    /** Whether the time is up. */
    public boolean isExpired() {
        return expiresAtNanos - System.nanoTime() <= 0;
    }

    /**
     * Makes this the {@link #current()} deadline of this thread until the returned scope is closed, which restores
     * the one before. For the portable layer, which runs every driver call of a call with a deadline inside one.
     */
    public Scope enter() {
        Deadline previous = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (previous == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(previous);
            }
        };
    }

    /** What {@link #enter()} returns; closing it needs no try-catch. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    @Override
    public String toString() {
        return "Deadline[budget=" + budget + ", remaining=" + remaining() + "]";
    }
}
