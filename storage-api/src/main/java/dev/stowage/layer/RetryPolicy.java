package dev.stowage.layer;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadLocalRandom;

/**
 * When and how long to wait before trying a failed call again: exponential backoff with full jitter, only for
 * failures whose {@link dev.stowage.StorageException#retryable()} is true.
 *
 * @param maxAttempts  total attempts including the first (1 = no retry)
 * @param initialDelay the cap of the first wait
 * @param maxDelay     the cap of any wait
 */
public record RetryPolicy(int maxAttempts, Duration initialDelay, Duration maxDelay) {
    public RetryPolicy {
        if (maxAttempts < 1 || maxAttempts > 100) {
            throw new IllegalArgumentException("maxAttempts must be between 1 and 100, was " + maxAttempts);
        }
        Objects.requireNonNull(initialDelay, "initialDelay");
        Objects.requireNonNull(maxDelay, "maxDelay");
        if (initialDelay.isNegative() || maxDelay.compareTo(initialDelay) < 0) {
            throw new IllegalArgumentException("need 0 <= initialDelay <= maxDelay, got " + initialDelay + " and " + maxDelay);
        }
    }

    /** 4 attempts, waits capped at 100 ms, 200 ms, 400 ms (at most 5 s each). */
    public static RetryPolicy defaults() {
        return new RetryPolicy(4, Duration.ofMillis(100), Duration.ofSeconds(5));
    }

    /**
     * The wait before attempt {@code attempt + 1} after {@code attempt} failures (1-based): a random duration
     * between 0 and min(maxDelay, initialDelay × 2^(attempt-1)) ("full jitter").
     */
    public Duration delayAfter(int attempt) {
        long cap = initialDelay.toNanos() << Math.min(attempt - 1, 30);
        if (cap <= 0 || cap > maxDelay.toNanos()) {
            cap = maxDelay.toNanos();
        }
        return Duration.ofNanos(cap == 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1));
    }
}
