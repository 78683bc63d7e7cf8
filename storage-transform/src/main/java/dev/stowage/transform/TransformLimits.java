package dev.stowage.transform;

import java.time.Duration;
import java.util.Objects;

/**
 * Safety limits applied to every transform, so that one hostile or unlucky image cannot exhaust the
 * memory or time of a server. Each refusal is a {@link TransformException} naming the limit and the value.
 *
 * @param maxSourceBytes    largest encoded source accepted, in bytes
 * @param maxSourcePixels   largest source width × height, checked from the image header before decoding
 *                          (refuses decompression bombs)
 * @param maxOutputPixels   largest output width × height
 * @param memoryBudgetBytes estimate of the pixel buffers one transform may hold at once (source bytes,
 *                          decoded pixels after reduced-resolution decoding, intermediate and output)
 * @param timeout           wall-clock time after which decoding is aborted
 * @param maxJpegScans      most scans a progressive JPEG may have; each scan makes the decoder pass over the
 *                          whole image again, so a small file with thousands of scans costs minutes (libjpeg-turbo's
 *                          {@code -maxscans} guards against the same thing). Real encoders write 10 or fewer.
 */
public record TransformLimits(long maxSourceBytes, long maxSourcePixels, long maxOutputPixels,
                              long memoryBudgetBytes, Duration timeout, int maxJpegScans) {

    /**
     * Defaults: 50 MiB source, 100 megapixels in, 25 megapixels out, 512 MiB of buffers, 30 seconds,
     * 100 JPEG scans.
     */
    public static final TransformLimits DEFAULTS = builder().build();

    public TransformLimits {
        positive("maxSourceBytes", maxSourceBytes);
        positive("maxSourcePixels", maxSourcePixels);
        positive("maxOutputPixels", maxOutputPixels);
        positive("memoryBudgetBytes", memoryBudgetBytes);
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        positive("maxJpegScans", maxJpegScans);
    }

    /** Limits with the default {@link #maxJpegScans()}. */
    public TransformLimits(long maxSourceBytes, long maxSourcePixels, long maxOutputPixels, long memoryBudgetBytes,
                           Duration timeout) {
        this(maxSourceBytes, maxSourcePixels, maxOutputPixels, memoryBudgetBytes, timeout, Builder.DEFAULT_SCANS);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive, was " + value);
        }
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from these limits. */
    public Builder toBuilder() {
        return new Builder().maxSourceBytes(maxSourceBytes).maxSourcePixels(maxSourcePixels)
                .maxOutputPixels(maxOutputPixels).memoryBudgetBytes(memoryBudgetBytes).timeout(timeout).maxJpegScans(maxJpegScans);
    }

    /** Builds {@link TransformLimits}. */
    public static final class Builder {
        static final int DEFAULT_SCANS = 100;
        private int maxJpegScans = DEFAULT_SCANS;
        private long maxSourceBytes = 50L << 20;
        private long maxSourcePixels = 100_000_000L;
        private long maxOutputPixels = 25_000_000L;
        private long memoryBudgetBytes = 512L << 20;
        private Duration timeout = Duration.ofSeconds(30);

        private Builder() {
        }

        /** Largest encoded source, in bytes. */
        public Builder maxSourceBytes(long bytes) {
            this.maxSourceBytes = bytes;
            return this;
        }

        /** Largest source width × height, read from the header. */
        public Builder maxSourcePixels(long pixels) {
            this.maxSourcePixels = pixels;
            return this;
        }

        /** Largest output width × height. */
        public Builder maxOutputPixels(long pixels) {
            this.maxOutputPixels = pixels;
            return this;
        }

        /** Largest estimate of pixel buffers held by one transform. */
        public Builder memoryBudgetBytes(long bytes) {
            this.memoryBudgetBytes = bytes;
            return this;
        }

        /** Wall-clock time after which decoding is abandoned. */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /** Most scans a progressive JPEG may have. */
        public Builder maxJpegScans(int scans) {
            this.maxJpegScans = scans;
            return this;
        }

        /** @throws IllegalArgumentException if a limit is not positive */
        public TransformLimits build() {
            return new TransformLimits(maxSourceBytes, maxSourcePixels, maxOutputPixels, memoryBudgetBytes, timeout,
                    maxJpegScans);
        }
    }
}
