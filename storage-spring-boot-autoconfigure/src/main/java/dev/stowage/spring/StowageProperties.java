package dev.stowage.spring;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Stowage's settings under {@code stowage.*}: the named stores, the health check and the mounted gateway.
 *
 * <pre>
 * stowage:
 *   stores:
 *     photos:
 *       uri: s3://my-photos/folder?region=eu-west-1
 *       options:
 *         secret-key: ${AWS_SECRET_ACCESS_KEY}
 *         public-url-base: https://cdn.example.com/
 *   health.enabled: true
 *   gateway:
 *     enabled: true
 *     base-path: /img
 * </pre>
 */
@ConfigurationProperties("stowage")
public class StowageProperties {
    /** The stores by name; each becomes a {@code BlobStore} bean of that name. */
    private Map<String, Store> stores = new LinkedHashMap<>();
    private final Health health = new Health();
    private final Metrics metrics = new Metrics();
    private final Gateway gateway = new Gateway();

    public Map<String, Store> getStores() {
        return stores;
    }

    public void setStores(Map<String, Store> stores) {
        this.stores = stores;
    }

    public Health getHealth() {
        return health;
    }

    public Metrics getMetrics() {
        return metrics;
    }

    public Gateway getGateway() {
        return gateway;
    }

    /** One named store: its URI and options (any option of the README's tables, in any relaxed form). */
    public static class Store {
        /** The store URI, e.g. {@code s3://bucket/folder?region=eu-west-1} or {@code file:///srv/images}. */
        private String uri;
        /**
         * Options, as in a URI query: {@code secretKey}, {@code secret-key} and {@code SECRETKEY} all name the same
         * one. They override the same option in the URI's query.
         */
        private Map<String, String> options = new LinkedHashMap<>();
        /** The key the health check stats; by default it lists one entry. */
        private String healthKey;

        public String getUri() {
            return uri;
        }

        public void setUri(String uri) {
            this.uri = uri;
        }

        public Map<String, String> getOptions() {
            return options;
        }

        public void setOptions(Map<String, String> options) {
            this.options = options;
        }

        public String getHealthKey() {
            return healthKey;
        }

        public void setHealthKey(String healthKey) {
            this.healthKey = healthKey;
        }
    }

    /** The Actuator health indicator of each store. */
    public static class Health {
        /** Whether each store gets a health indicator (a list of one entry, or a stat of {@code health-key}). */
        private boolean enabled;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** Micrometer meters of the stores' calls. */
    public static class Metrics {
        /** Whether store beans record their calls in the application's MeterRegistry (when there is one). */
        private boolean enabled = true;

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }
    }

    /** The image gateway mounted in the application; the options of {@code stowage serve}. */
    public static class Gateway {
        /** Whether the gateway is mounted. */
        private boolean enabled;
        /** Where it is mounted, e.g. {@code /img}: images are then at {@code /img/{store}/...}. */
        private String basePath = "/img";
        /** The stores it serves; all configured stores when empty. */
        private List<String> stores = new ArrayList<>();
        /** The private folder of its caches; {@code ~/.cache/stowage/gateway} by default. */
        private Path cacheDir;
        /** The largest size of each cache tier not given its own size below. */
        private DataSize cacheSize = DataSize.ofGigabytes(1);
        /** The cache of originals: its own size and age limits ({@code cache-originals.size}, {@code .max-age}). */
        private CacheTierProperties cacheOriginals = new CacheTierProperties();
        /** The cache of variants: its own size and age limits ({@code cache-variants.size}, {@code .max-age}). */
        private CacheTierProperties cacheVariants = new CacheTierProperties();
        /** Keep variants in this store (a configured store's name or a URI), e.g. a bucket several instances share. */
        private String variantCache;
        /** The Cache-Control of image responses. */
        private String cacheControl = "public, max-age=86400";
        /** The base of the canonical Link header. */
        private URI canonicalBase;
        /** Keys URLs must be signed with (HMAC-SHA256); the first signs, all verify. */
        private List<String> signKeys = new ArrayList<>();
        /** The bearer token /metrics and the detail of /health need. */
        private String adminToken;
        /** Whether /metrics and the detail of /health are served. */
        private boolean metricsEnabled = true;
        /** Per store, declared types served inline (still sandboxed). */
        private Map<String, List<String>> inlineTypes = new LinkedHashMap<>();
        /** Never make a variant larger than its source. */
        private boolean neverEnlarge;
        /** Refuse variants larger than this many pixels. */
        private Long maxOutputPixels;
        /** Bodies streamed from stores at once; 503 beyond. */
        private int maxStreams = 256;
        /** Transforms running at once; the number of cores by default. */
        private Integer maxTransforms;
        /** How long a transform waits for a slot before 503. */
        private Duration transformWait = Duration.ofSeconds(10);
        /** How long a store call may take before 504. */
        private Duration originTimeout = Duration.ofSeconds(10);
        /** How long an original's version is trusted before it is checked at the store. */
        private Duration revalidateAfter = Duration.ofSeconds(10);
        /** The image engine: auto, vips or java. */
        private String engine = "auto";

        public boolean isEnabled() {
            return enabled;
        }

        public void setEnabled(boolean enabled) {
            this.enabled = enabled;
        }

        public String getBasePath() {
            return basePath;
        }

        public void setBasePath(String basePath) {
            this.basePath = basePath;
        }

        public List<String> getStores() {
            return stores;
        }

        public void setStores(List<String> stores) {
            this.stores = stores;
        }

        public Path getCacheDir() {
            return cacheDir;
        }

        public void setCacheDir(Path cacheDir) {
            this.cacheDir = cacheDir;
        }

        public DataSize getCacheSize() {
            return cacheSize;
        }

        public void setCacheSize(DataSize cacheSize) {
            this.cacheSize = cacheSize;
        }

        public CacheTierProperties getCacheOriginals() {
            return cacheOriginals;
        }

        public void setCacheOriginals(CacheTierProperties cacheOriginals) {
            this.cacheOriginals = cacheOriginals;
        }

        public CacheTierProperties getCacheVariants() {
            return cacheVariants;
        }

        public void setCacheVariants(CacheTierProperties cacheVariants) {
            this.cacheVariants = cacheVariants;
        }

        public String getVariantCache() {
            return variantCache;
        }

        public void setVariantCache(String variantCache) {
            this.variantCache = variantCache;
        }

        public String getCacheControl() {
            return cacheControl;
        }

        public void setCacheControl(String cacheControl) {
            this.cacheControl = cacheControl;
        }

        public URI getCanonicalBase() {
            return canonicalBase;
        }

        public void setCanonicalBase(URI canonicalBase) {
            this.canonicalBase = canonicalBase;
        }

        public List<String> getSignKeys() {
            return signKeys;
        }

        public void setSignKeys(List<String> signKeys) {
            this.signKeys = signKeys;
        }

        public String getAdminToken() {
            return adminToken;
        }

        public void setAdminToken(String adminToken) {
            this.adminToken = adminToken;
        }

        public boolean isMetricsEnabled() {
            return metricsEnabled;
        }

        public void setMetricsEnabled(boolean metricsEnabled) {
            this.metricsEnabled = metricsEnabled;
        }

        public Map<String, List<String>> getInlineTypes() {
            return inlineTypes;
        }

        public void setInlineTypes(Map<String, List<String>> inlineTypes) {
            this.inlineTypes = inlineTypes;
        }

        public boolean isNeverEnlarge() {
            return neverEnlarge;
        }

        public void setNeverEnlarge(boolean neverEnlarge) {
            this.neverEnlarge = neverEnlarge;
        }

        public Long getMaxOutputPixels() {
            return maxOutputPixels;
        }

        public void setMaxOutputPixels(Long maxOutputPixels) {
            this.maxOutputPixels = maxOutputPixels;
        }

        public int getMaxStreams() {
            return maxStreams;
        }

        public void setMaxStreams(int maxStreams) {
            this.maxStreams = maxStreams;
        }

        public Integer getMaxTransforms() {
            return maxTransforms;
        }

        public void setMaxTransforms(Integer maxTransforms) {
            this.maxTransforms = maxTransforms;
        }

        public Duration getTransformWait() {
            return transformWait;
        }

        public void setTransformWait(Duration transformWait) {
            this.transformWait = transformWait;
        }

        public Duration getOriginTimeout() {
            return originTimeout;
        }

        public void setOriginTimeout(Duration originTimeout) {
            this.originTimeout = originTimeout;
        }

        public Duration getRevalidateAfter() {
            return revalidateAfter;
        }

        public void setRevalidateAfter(Duration revalidateAfter) {
            this.revalidateAfter = revalidateAfter;
        }

        public String getEngine() {
            return engine;
        }

        public void setEngine(String engine) {
            this.engine = engine;
        }
    }

    /** The limits of one gateway cache tier; what is not set follows {@code cache-size} and a 7-day age limit. */
    public static class CacheTierProperties {
        /** The most bytes the tier holds; {@code cache-size} when not set. */
        private DataSize size;
        /** How long an entry is kept; 7 days when not set. */
        private Duration maxAge;

        public DataSize getSize() {
            return size;
        }

        public void setSize(DataSize size) {
            this.size = size;
        }

        public Duration getMaxAge() {
            return maxAge;
        }

        public void setMaxAge(Duration maxAge) {
            this.maxAge = maxAge;
        }
    }
}
