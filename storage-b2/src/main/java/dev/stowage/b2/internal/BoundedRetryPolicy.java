package dev.stowage.b2.internal;

import com.backblaze.b2.client.B2RetryPolicy;
import com.backblaze.b2.client.exceptions.B2Exception;

/**
 * The SDK's retry policy with a bound set by the {@code maxRetries} option: retryable failures are tried again at
 * most that many times, waiting as the service asks (Retry-After) or 1, 2, 4... seconds.
 */
public final class BoundedRetryPolicy implements B2RetryPolicy {
    private final int maxRetries;

    public BoundedRetryPolicy(int maxRetries) {
        this.maxRetries = maxRetries;
    }

    @Override
    public Integer gotRetryableAfterDelay(String operation, int attempt, long tookMillis, B2Exception e) {
        if (attempt > maxRetries) {
            return null;
        }
        Integer asked = e.getRetryAfterSecondsOrNull();
        return asked != null ? Math.min(asked, 30) : Math.min(1 << (attempt - 1), 8);
    }

    @Override
    public boolean gotRetryableImmediately(String operation, int attempt, long tookMillis, B2Exception e) {
        return attempt <= maxRetries;
    }
}
