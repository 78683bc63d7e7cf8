package dev.stowage.layer;

/**
 * How a {@link FallbackBlobStore} moves from one origin to the next. A missing object ({@code NOT_FOUND}) always
 * falls through to the next origin; any other failure is the answer, unless this policy lets an unavailable origin
 * be skipped too.
 *
 * @param unavailableFallsThrough whether an origin failing with {@code UNAVAILABLE} (down, unreachable, timed out)
 *                                is skipped like one that lacks the object; when {@code false} (the default) the
 *                                failure is reported, so an outage of the primary is never served silently from an
 *                                older copy
 */
public record FallbackPolicy(boolean unavailableFallsThrough) {
    private static final FallbackPolicy DEFAULTS = new FallbackPolicy(false);

    /** Only a missing object falls through; an unavailable origin is a failure. */
    public static FallbackPolicy defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Builds a {@link FallbackPolicy}. */
    public static final class Builder {
        private boolean unavailableFallsThrough;

        private Builder() {
        }

        /**
         * Whether an origin failing with {@code UNAVAILABLE} (or {@code DEADLINE_EXCEEDED}) is skipped like one that
         * lacks the object.
         */
        public Builder unavailableFallsThrough(boolean unavailableFallsThrough) {
            this.unavailableFallsThrough = unavailableFallsThrough;
            return this;
        }

        public FallbackPolicy build() {
            return new FallbackPolicy(unavailableFallsThrough);
        }
    }
}
