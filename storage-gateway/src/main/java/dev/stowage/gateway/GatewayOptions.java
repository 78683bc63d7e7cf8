package dev.stowage.cli.gateway;

import dev.stowage.transform.TransformLimits;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;

/**
 * How the image gateway runs: where it listens, how it caches, which response headers it sends and how it guards
 * itself. Built with {@link #builder()}; every field has a default except the cache folder.
 *
 * @param host            the address to listen on
 * @param port            the port, {@code 0} for any free port
 * @param cacheDir        the folder of the cache of originals and transformed variants
 * @param cacheBytes      the most bytes the cache folder holds
 * @param cacheControl    the {@code Cache-Control} value of every image response
 * @param canonicalBase   the public base URL for {@code Link: rel="canonical"} headers, or {@code null} for none
 * @param signKey         the HMAC-SHA256 key URLs must be signed with, or {@code null} to accept unsigned URLs
 * @param maxTransforms   how many transforms run at once; further ones wait
 * @param transformWait   how long a transform waits for a free slot before the request fails with 503
 * @param originTimeout   how long a call to a store may take before the request fails with 504
 * @param revalidateAfter how long a cached original is trusted before its ETag is checked at the store
 * @param limits          the safety limits of every transform
 */
public record GatewayOptions(String host, int port, Path cacheDir, long cacheBytes, String cacheControl,
                             URI canonicalBase, byte[] signKey, int maxTransforms, Duration transformWait,
                             Duration originTimeout, Duration revalidateAfter, TransformLimits limits) {
    public GatewayOptions {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(cacheControl, "cacheControl");
        Objects.requireNonNull(limits, "limits");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxTransforms < 1) {
            throw new IllegalArgumentException("max-transforms must be >= 1, was " + maxTransforms);
        }
        signKey = signKey == null ? null : signKey.clone();
    }

    /** The signing key, copied; {@code null} when URLs need no signature. */
    @Override
    public byte[] signKey() {
        return signKey == null ? null : signKey.clone();
    }

    public static Builder builder(Path cacheDir) {
        return new Builder(cacheDir);
    }

    @Override
    public String toString() {
        // The signing key is a secret: say only whether there is one.
        return "GatewayOptions[host=" + host + ", port=" + port + ", cacheDir=" + cacheDir + ", cacheBytes="
                + cacheBytes + ", cacheControl=" + cacheControl + ", canonicalBase=" + canonicalBase
                + ", signed=" + (signKey != null) + ", maxTransforms=" + maxTransforms + "]";
    }

    /** Builds {@link GatewayOptions}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private final Path cacheDir;
        private long cacheBytes = 1L << 30;
        private String cacheControl = "public, max-age=86400";
        private URI canonicalBase;
        private byte[] signKey;
        private int maxTransforms = Runtime.getRuntime().availableProcessors();
        private Duration transformWait = Duration.ofSeconds(10);
        private Duration originTimeout = Duration.ofSeconds(10);
        private Duration revalidateAfter = Duration.ofSeconds(10);
        private TransformLimits limits = TransformLimits.DEFAULTS;

        private Builder(Path cacheDir) {
            this.cacheDir = cacheDir;
        }

        public Builder host(String host) {
            this.host = host;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder cacheBytes(long cacheBytes) {
            this.cacheBytes = cacheBytes;
            return this;
        }

        public Builder cacheControl(String cacheControl) {
            this.cacheControl = cacheControl;
            return this;
        }

        public Builder canonicalBase(URI canonicalBase) {
            this.canonicalBase = canonicalBase;
            return this;
        }

        public Builder signKey(byte[] signKey) {
            this.signKey = signKey;
            return this;
        }

        public Builder maxTransforms(int maxTransforms) {
            this.maxTransforms = maxTransforms;
            return this;
        }

        public Builder transformWait(Duration transformWait) {
            this.transformWait = transformWait;
            return this;
        }

        public Builder originTimeout(Duration originTimeout) {
            this.originTimeout = originTimeout;
            return this;
        }

        public Builder revalidateAfter(Duration revalidateAfter) {
            this.revalidateAfter = revalidateAfter;
            return this;
        }

        public Builder limits(TransformLimits limits) {
            this.limits = limits;
            return this;
        }

        public GatewayOptions build() {
            return new GatewayOptions(host, port, cacheDir, cacheBytes, cacheControl, canonicalBase, signKey,
                    maxTransforms, transformWait, originTimeout, revalidateAfter, limits);
        }
    }
}
