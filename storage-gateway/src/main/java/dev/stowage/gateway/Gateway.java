package dev.stowage.gateway;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.gateway.internal.GatewayMetrics;
import dev.stowage.gateway.internal.PrivateFolder;
import dev.stowage.gateway.internal.RequestFlow;
import dev.stowage.gateway.internal.Sources;
import dev.stowage.gateway.internal.VariantCache;
import dev.stowage.transform.ImageTransformer;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;

/**
 * The image gateway as a library: serves originals and transformed images from named stores, with a cache of
 * originals per store and a cache of variants that may be shared by several gateways. Host it with
 * {@link #handler()} in a Jetty 12 server, with {@link GatewayServlet} in any Servlet 6 container, or run it
 * stand-alone with {@link GatewayServer}.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder(GatewayOptions.builder(Path.of("/var/cache/stowage")).build())
 *         .store("photos", BlobStores.open("s3://my-photos?region=eu-west-1"))
 *         .build();
 * }</pre>
 *
 * <p>Thread-safe. Closing it closes the stores it was given.
 */
public final class Gateway implements AutoCloseable {
    private final GatewayOptions options;
    private final Sources sources;
    private final VariantCache variants;
    private final RequestFlow flow;
    private final ImageTransformer transformer;
    private final UrlSigner signer;
    private final GatewayMetrics metrics;

    private Gateway(GatewayOptions options, Map<String, BlobStore> stores) {
        this.options = options;
        Path cacheDir;
        try {
            // first: a forced engine that is missing fails here, before any cache or connection is made
            this.transformer = new ImageTransformer(options.limits(), options.engine());
            cacheDir = PrivateFolder.ensure(options.cacheDir());
        } catch (RuntimeException e) {
            // The gateway owns the stores from the moment it is asked to open: a refusal must not leak them.
            stores.values().forEach(Gateway::closeQuietly);
            if (options.variantStore() != null) {
                closeQuietly(options.variantStore());
            }
            throw e;
        }
        this.signer = options.signKeys().isEmpty() ? null : new UrlSigner(options.signKeys(), Clock.systemUTC());
        this.sources = new Sources(stores, cacheDir, options.cacheBytes(), options.limits().maxSourceBytes(),
                options.originTimeout(), options.revalidateAfter(), Clock.systemUTC());
        try {
            BlobStore variantStore = options.variantStore() != null ? options.variantStore()
                    : BlobStores.open(PrivateFolder.ensure(cacheDir.resolve("variants")).toUri().toString());
            this.variants = new VariantCache(variantStore, options.cacheBytes(), 64L << 20, 512L << 10);
        } catch (RuntimeException e) {
            sources.close();
            throw e;
        }
        this.metrics = new GatewayMetrics(options.meterRegistry());
        this.flow = new RequestFlow(sources, variants, transformer, metrics, signer,
                new RequestFlow.Settings(options.cacheControl(), options.canonicalBase(), options.maxTransforms(),
                        options.transformWait(), options.neverEnlarge(), options.inlineTypes(), options.adminToken(),
                        options.metricsEnabled(), options.maxStreams()));
    }

    /** Starts describing a gateway with these options; add stores, then {@link Builder#build()}. */
    public static Builder builder(GatewayOptions options) {
        return new Builder(options);
    }

    /** A gateway over {@code stores} (name to store); it takes ownership of the stores and closes them. */
    public static Gateway open(GatewayOptions options, Map<String, BlobStore> stores) {
        Builder b = builder(options);
        stores.forEach(b::store);
        return b.build();
    }

    /** A Jetty 12 {@link Handler} serving this gateway; mount it at the root of a context. */
    public Handler handler() {
        return new GatewayHandler(flow);
    }

    /** The options the gateway runs with. */
    public GatewayOptions options() {
        return options;
    }

    /** The path and query, signed with the first key when the gateway requires signatures. */
    public String sign(String pathAndQuery) {
        return signer == null ? pathAndQuery : signer.sign(pathAndQuery);
    }

    /** The image engine transforms run on, e.g. {@code libvips 8.14.1} or {@code java 17 (ImageIO)}. */
    public String engine() {
        return transformer.engine().toString();
    }

    /** Transforms performed since start. */
    public long transforms() {
        return flow.transforms();
    }

    private static void closeQuietly(BlobStore store) {
        try {
            store.close();
        } catch (RuntimeException e) {
            // the refusal that made us close it is what the caller needs to see
        }
    }

    RequestFlow flow() {
        return flow;
    }

    @Override
    public void close() {
        try {
            sources.close();
        } finally {
            try {
                variants.close();
            } finally {
                metrics.close();
            }
        }
    }

    /** Collects the stores of a {@link Gateway}. */
    public static final class Builder {
        private final GatewayOptions options;
        private final Map<String, BlobStore> stores = new LinkedHashMap<>();

        private Builder(GatewayOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** Serves {@code store} under {@code /name/...}; the gateway closes it. */
        public Builder store(String name, BlobStore store) {
            if (name == null || name.isEmpty() || name.contains("/")) {
                throw new IllegalArgumentException("store name '" + name + "' must be non-empty and without '/'");
            }
            if (stores.putIfAbsent(name, Objects.requireNonNull(store, "store")) != null) {
                throw new IllegalArgumentException("store name '" + name + "' is given twice");
            }
            return this;
        }

        /**
         * Opens the gateway.
         *
         * @throws IllegalArgumentException when no store is given or the cache folder is not private
         */
        public Gateway build() {
            if (stores.isEmpty()) {
                throw new IllegalArgumentException("a gateway needs at least one store");
            }
            return new Gateway(options, stores);
        }
    }
}
