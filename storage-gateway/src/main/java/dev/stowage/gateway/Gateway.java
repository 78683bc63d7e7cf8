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
import dev.stowage.layer.FallbackPolicy;
import dev.stowage.layer.Layers;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import org.eclipse.jetty.server.Handler;

/**
 * The image gateway as a library: serves originals and transformed images from named stores and from routes that
 * read several stores in order (a new bucket first, the old one as fallback), with a cache of originals per store
 * and a cache of variants that may be shared by several gateways. Host it with
 * {@link #handler()} in a Jetty 12 server, with {@link GatewayServlet} in any Servlet 6 container, or run it
 * stand-alone with {@link GatewayServer}.
 *
 * <pre>{@code
 * Gateway gateway = Gateway.builder(GatewayOptions.builder(Path.of("/var/cache/stowage")).build())
 *         .store("new", BlobStores.open("s3://new-photos?region=eu-west-1"))
 *         .store("old", BlobStores.open("s3://old-photos?region=eu-west-1"))
 *         .route("photos", List.of("new", "old"))
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

    private Gateway(GatewayOptions options, Map<String, BlobStore> stores, Map<String, Sources.Route> routes) {
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
        this.sources = new Sources(stores, routes, cacheDir, options.originalsCache().maxBytes(),
                options.originalsCache().maxAge(), options.limits().maxSourceBytes(), options.originTimeout(),
                options.revalidateAfter(), Clock.systemUTC());
        try {
            BlobStore variantStore = options.variantStore() != null ? options.variantStore()
                    : BlobStores.open(PrivateFolder.ensure(cacheDir.resolve("variants")).toUri().toString());
            this.variants = new VariantCache(variantStore, options.variantsCache().maxBytes(),
                    options.variantsCache().maxAge(), 64L << 20, 512L << 10, Clock.systemUTC());
        } catch (RuntimeException e) {
            sources.close();
            throw e;
        }
        this.metrics = new GatewayMetrics(options.meterRegistry());
        this.flow = new RequestFlow(sources, variants, transformer, metrics, signer,
                new RequestFlow.Settings(options.cacheControl(), options.canonicalBase(), options.maxTransforms(),
                        options.transformWait(), options.neverEnlarge(), options.inlineTypes(), options.adminToken(),
                        options.metricsEnabled(), options.maxStreams(), options.originalsCache().maxBytes(),
                        options.originalsCache().maxAge(), options.variantsCache().maxAge()));
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
        private final Map<String, Sources.Route> routes = new LinkedHashMap<>();

        private Builder(GatewayOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /**
         * Serves {@code store} under {@code /name/...}; the gateway closes it. A name may hold {@code /} (such as
         * {@code account/bucket} from a {@code remote_links.yml}): URLs give it as is or with {@code %2F}.
         */
        public Builder store(String name, BlobStore store) {
            checkName(name, "store");
            if (routes.containsKey(name) || stores.putIfAbsent(name, Objects.requireNonNull(store, "store")) != null) {
                throw new IllegalArgumentException("store name '" + name + "' is given twice");
            }
            return this;
        }

        /**
         * Serves under {@code /name/...} the stores named {@code origins}, asked in order: a key missing from one is
         * read from the next (see {@link Layers#fallback}); an origin that is down is an error (502), not a miss.
         * Answers carry the header {@code X-Stowage-Origin} naming the store that served them.
         */
        public Builder route(String name, List<String> origins) {
            return route(name, origins, FallbackPolicy.defaults());
        }

        /** Like {@link #route(String, List)}, with {@code policy} deciding whether an unavailable origin is skipped. */
        public Builder route(String name, List<String> origins, FallbackPolicy policy) {
            checkName(name, "route");
            if (origins == null || origins.isEmpty()) {
                throw new IllegalArgumentException("route '" + name + "' needs at least one origin store");
            }
            if (Set.copyOf(origins).size() != origins.size()) {
                throw new IllegalArgumentException("route '" + name + "' lists a store twice: " + origins);
            }
            if (stores.containsKey(name) || routes.putIfAbsent(name, new Sources.Route(origins,
                    Objects.requireNonNull(policy, "policy"))) != null) {
                throw new IllegalArgumentException("route name '" + name + "' is given twice (as a store or a route)");
            }
            return this;
        }

        private static void checkName(String name, String what) {
            if (name == null || name.isEmpty() || name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
                throw new IllegalArgumentException(what + " name '" + name
                        + "' must be non-empty, and any '/' in it must separate non-empty parts");
            }
            for (String part : name.split("/")) {
                if (part.equals(".") || part.equals("..") || part.startsWith("tr:")) {
                    throw new IllegalArgumentException(what + " name '" + name + "' must not have a '" + part
                            + "' part");
                }
            }
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
            try {
                checkRoutes();
            } catch (IllegalArgumentException e) {
                // the gateway owns the stores from the moment it is asked to open: a refusal must not leak them
                stores.values().forEach(Gateway::closeQuietly);
                if (options.variantStore() != null) {
                    closeQuietly(options.variantStore());
                }
                throw e;
            }
            return new Gateway(options, stores, routes);
        }

        private void checkRoutes() {
            routes.forEach((name, route) -> route.origins().forEach(origin -> {
                if (!stores.containsKey(origin)) {
                    throw new IllegalArgumentException("route '" + name + "' lists '" + origin
                            + "', which is not a store given to the gateway; stores: " + String.join(", ", stores.keySet()));
                }
            }));
            List<String> names = new ArrayList<>(stores.keySet());
            names.addAll(routes.keySet());
            for (String a : names) {
                for (String b : names) {
                    if (b.startsWith(a + "/")) {
                        throw new IllegalArgumentException("names '" + a + "' and '" + b + "' overlap: /" + b
                                + "/... could mean either; rename one");
                    }
                }
            }
        }
    }
}
