package dev.stowage.gateway;

import dev.stowage.BlobStore;
import dev.stowage.transform.EngineChoice;
import dev.stowage.transform.TransformLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * How the image gateway runs: where it listens (when it runs its own server), how it caches, which response headers
 * it sends and how it guards itself. Built with {@link #builder(Path)}; every field has a default except the cache
 * folder.
 *
 * @param host            the address to listen on (used by {@link GatewayServer})
 * @param port            the port, {@code 0} for any free port (used by {@link GatewayServer})
 * @param cacheDir        the private folder of the cache of originals (and of variants unless
 *                        {@code variantStore} is given); created with mode 0700, refused if others can read it
 * @param originalsCache  the size and age limits of the cache of originals (shared by the stores in equal parts)
 * @param variantsCache   the size and age limits of the cache of variants
 * @param cacheControl    the {@code Cache-Control} value of every image response
 * @param canonicalBase   the public base URL for {@code Link: rel="canonical"} headers, or {@code null} for none
 * @param signKeys        the HMAC-SHA256 keys URLs must be signed with (the first signs, any verifies), or empty to
 *                        accept unsigned URLs
 * @param maxTransforms   how many transforms run at once; further ones wait
 * @param transformWait   how long a transform waits for a free slot before the request fails with 503
 * @param originTimeout   how long a store may take to answer a request (to open a body, to give a page) before the
 *                        request fails with 504; reading a body is not bounded by it ({@link
 *                        dev.stowage.layer.Layers#answerTimeout})
 * @param revalidateAfter how long an original's version is trusted before it is checked at the store
 * @param limits          the safety limits of every transform; {@code maxOutputPixels} is also checked before any
 *                        I/O, from the URL
 * @param neverEnlarge    whether a variant larger than its source is made at the source's size instead
 * @param inlineTypes     per store, media types (besides sniffed raster images) served inline with their declared
 *                        type; everything else is an attachment of type {@code application/octet-stream}
 * @param adminToken      the bearer token {@code /metrics} and the detail of {@code /health} require, or
 *                        {@code null} to leave them open
 * @param metricsEnabled  whether {@code /metrics} and the detail of {@code /health} are served at all
 * @param idleTimeout     how long a connection may make no progress (a client that stops reading) before it is
 *                        closed (used by {@link GatewayServer})
 * @param maxStreams      how many bodies may be streamed from stores at once; further requests get 503
 * @param variantStore    where variants are cached, e.g. a bucket shared by several gateways; {@code null} for a
 *                        folder in {@code cacheDir}. The gateway closes it.
 * @param engine          which image engine transforms: libvips where installed ({@code AUTO}), or forced
 * @param meterRegistry   an application's Micrometer registry the gateway's meters are also registered in (they are
 *                        removed from it when the gateway closes), or {@code null}; {@code /metrics} serves them
 *                        either way
 */
public record GatewayOptions(String host, int port, Path cacheDir, CacheTier originalsCache, CacheTier variantsCache,
                             String cacheControl,
                             URI canonicalBase, List<byte[]> signKeys, int maxTransforms, Duration transformWait,
                             Duration originTimeout, Duration revalidateAfter, TransformLimits limits,
                             boolean neverEnlarge, Map<String, Set<String>> inlineTypes, String adminToken,
                             boolean metricsEnabled, Duration idleTimeout, int maxStreams, BlobStore variantStore,
                             EngineChoice engine, MeterRegistry meterRegistry) {
    public GatewayOptions {
        engine = engine == null ? EngineChoice.AUTO : engine;
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(originalsCache, "originalsCache");
        Objects.requireNonNull(variantsCache, "variantsCache");
        Objects.requireNonNull(cacheControl, "cacheControl");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 0-65535, was " + port);
        }
        if (maxTransforms < 1) {
            throw new IllegalArgumentException("max-transforms must be >= 1, was " + maxTransforms);
        }
        if (maxStreams < 1) {
            throw new IllegalArgumentException("max-streams must be >= 1, was " + maxStreams);
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero()) {
            throw new IllegalArgumentException("idle-timeout must be positive, was " + idleTimeout);
        }
        if (adminToken != null && adminToken.isBlank()) {
            throw new IllegalArgumentException("the admin token must not be blank; leave it unset to keep /metrics open");
        }
        List<byte[]> keys = new ArrayList<>();
        for (byte[] k : signKeys == null ? List.<byte[]>of() : signKeys) {
            if (k == null || k.length == 0) {
                throw new IllegalArgumentException("a signing key must not be empty");
            }
            keys.add(k.clone());
        }
        signKeys = List.copyOf(keys);
        Map<String, Set<String>> types = new LinkedHashMap<>();
        (inlineTypes == null ? Map.<String, Set<String>>of() : inlineTypes).forEach((store, set) -> {
            Set<String> lower = new TreeSet<>();
            set.forEach(t -> lower.add(t.strip().toLowerCase(Locale.ROOT)));
            types.put(store, Set.copyOf(lower));
        });
        inlineTypes = Map.copyOf(types);
    }

    /** The signing keys, copied; empty when URLs need no signature. */
    @Override
    public List<byte[]> signKeys() {
        return signKeys.stream().map(byte[]::clone).toList();
    }

    public static Builder builder(Path cacheDir) {
        return new Builder(cacheDir);
    }

    /** The default cache folder: {@code $XDG_CACHE_HOME/stowage/gateway}, else {@code ~/.cache/stowage/gateway}. */
    public static Path defaultCacheDir() {
        return dev.stowage.gateway.internal.PrivateFolder.defaultCacheDir();
    }

    @Override
    public String toString() {
        // Signing keys and the admin token are secrets: say only whether there are any.
        return "GatewayOptions[host=" + host + ", port=" + port + ", cacheDir=" + cacheDir + ", originalsCache="
                + originalsCache + ", variantsCache=" + variantsCache + ", cacheControl=" + cacheControl + ", canonicalBase=" + canonicalBase
                + ", signKeys=" + signKeys.size() + ", maxTransforms=" + maxTransforms + ", neverEnlarge="
                + neverEnlarge + ", inlineTypes=" + inlineTypes + ", adminToken=" + (adminToken == null ? "none" : "set")
                + ", metricsEnabled=" + metricsEnabled + ", idleTimeout=" + idleTimeout + ", maxStreams=" + maxStreams
                + ", variantStore=" + (variantStore == null ? "cacheDir" : variantStore.name()) + ", engine=" + engine
                + ", meterRegistry=" + (meterRegistry == null ? "none" : meterRegistry.getClass().getSimpleName()) + "]";
    }

    /** Builds {@link GatewayOptions}. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private final Path cacheDir;
        private long cacheBytes = 1L << 30;
        private CacheTier originalsCache;
        private CacheTier variantsCache;
        private String cacheControl = "public, max-age=86400";
        private URI canonicalBase;
        private final List<byte[]> signKeys = new ArrayList<>();
        private int maxTransforms = Runtime.getRuntime().availableProcessors();
        private Duration transformWait = Duration.ofSeconds(10);
        private Duration originTimeout = Duration.ofSeconds(10);
        private Duration revalidateAfter = Duration.ofSeconds(10);
        private TransformLimits limits = TransformLimits.DEFAULTS;
        private boolean neverEnlarge;
        private EngineChoice engine = EngineChoice.AUTO;
        private final Map<String, Set<String>> inlineTypes = new LinkedHashMap<>();
        private String adminToken;
        private boolean metricsEnabled = true;
        private Duration idleTimeout = Duration.ofSeconds(30);
        private int maxStreams = 256;
        private BlobStore variantStore;
        private MeterRegistry meterRegistry;

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

        /**
         * The size of each cache tier that is not given on its own with {@link #originalsCache} or
         * {@link #variantsCache} (default 1 GiB each, entries kept {@link CacheTier#DEFAULT_MAX_AGE}).
         */
        public Builder cacheBytes(long cacheBytes) {
            this.cacheBytes = cacheBytes;
            return this;
        }

        /** The size and age limits of the cache of originals; overrides {@link #cacheBytes} for that tier. */
        public Builder originalsCache(CacheTier originalsCache) {
            this.originalsCache = originalsCache;
            return this;
        }

        /** The size and age limits of the cache of variants; overrides {@link #cacheBytes} for that tier. */
        public Builder variantsCache(CacheTier variantsCache) {
            this.variantsCache = variantsCache;
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

        /** Adds a signing key; the first one added signs, every one verifies. */
        public Builder signKey(byte[] signKey) {
            if (signKey != null) {
                this.signKeys.add(signKey);
            }
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

        public Builder neverEnlarge(boolean neverEnlarge) {
            this.neverEnlarge = neverEnlarge;
            return this;
        }

        /** Serves these media types (e.g. {@code image/svg+xml}) of {@code store} inline, under a sandboxing CSP. */
        public Builder inlineTypes(String store, Set<String> types) {
            this.inlineTypes.put(store, types);
            return this;
        }

        public Builder adminToken(String adminToken) {
            this.adminToken = adminToken;
            return this;
        }

        public Builder metricsEnabled(boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
            return this;
        }

        public Builder idleTimeout(Duration idleTimeout) {
            this.idleTimeout = idleTimeout;
            return this;
        }

        public Builder maxStreams(int maxStreams) {
            this.maxStreams = maxStreams;
            return this;
        }

        public Builder variantStore(BlobStore variantStore) {
            this.variantStore = variantStore;
            return this;
        }

        /** The image engine: {@code AUTO} (libvips where installed, else the Java engine), {@code VIPS} or {@code JAVA}. */
        public Builder engine(EngineChoice engine) {
            this.engine = engine;
            return this;
        }

        /**
         * Also registers the gateway's meters in this application registry (e.g. Spring Boot's), so they are
         * exported with the application's own; {@code /metrics} keeps serving them.
         */
        public Builder meterRegistry(MeterRegistry meterRegistry) {
            this.meterRegistry = meterRegistry;
            return this;
        }

        public GatewayOptions build() {
            return new GatewayOptions(host, port, cacheDir,
                    originalsCache != null ? originalsCache : CacheTier.of(cacheBytes),
                    variantsCache != null ? variantsCache : CacheTier.of(cacheBytes), cacheControl, canonicalBase, signKeys,
                    maxTransforms, transformWait, originTimeout, revalidateAfter, limits, neverEnlarge, inlineTypes,
                    adminToken, metricsEnabled, idleTimeout, maxStreams, variantStore, engine, meterRegistry);
        }
    }
}
