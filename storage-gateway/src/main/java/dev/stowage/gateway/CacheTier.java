package dev.stowage.gateway;

import java.time.Duration;
import java.util.Objects;

/**
 * The bounds of one of the gateway's two cache tiers (originals, variants): entries beyond {@code maxBytes} are
 * evicted least recently used first, and entries older than {@code maxAge} are dropped and fetched or made again.
 *
 * @param maxBytes the most bytes the tier holds on disk (or in its store)
 * @param maxAge   how long after it was stored an entry is dropped
 */
public record CacheTier(long maxBytes, Duration maxAge) {
    /** The age limit of a tier given only a size: 7 days. */
    public static final Duration DEFAULT_MAX_AGE = Duration.ofDays(7);

    public CacheTier {
        Objects.requireNonNull(maxAge, "maxAge");
        if (maxBytes <= 0) {
            throw new IllegalArgumentException("cache size must be > 0, was " + maxBytes);
        }
        if (maxAge.isNegative() || maxAge.isZero()) {
            throw new IllegalArgumentException("cache age limit must be positive, was " + maxAge);
        }
    }

    /** A tier of {@code maxBytes} whose entries live for {@link #DEFAULT_MAX_AGE}. */
    public static CacheTier of(long maxBytes) {
        return new CacheTier(maxBytes, DEFAULT_MAX_AGE);
    }
}
