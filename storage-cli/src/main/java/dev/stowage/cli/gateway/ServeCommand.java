package dev.stowage.cli.gateway;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.StoreRegistry;
import dev.stowage.gateway.CacheTier;
import dev.stowage.gateway.DemoImages;
import dev.stowage.gateway.Gateway;
import dev.stowage.gateway.GatewayOptions;
import dev.stowage.gateway.GatewayServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code stowage serve}: the image gateway over the configured stores (or a demo store of generated images when
 * there is no configuration). Reads the stores file from the {@code --config} option of the top command.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = {"Serves originals and transformed images from the configured stores over HTTP.",
                "URLs: /{store}/{path}, /{store}/tr:w-300,h-300/{path}, /{store}/{path}?tr=w-300,h-300,",
                "      /v1/ex/{store}/{path}?w=800&h=600&fit=cover; /health and /metrics.",
                "Without a config file, serves a demo store of generated sample images."})
public final class ServeCommand implements Callable<Integer> {
    private static final Pattern SECRET_REF = Pattern.compile("\\$\\{(env|file):([^}]*)}");

    @Option(names = "--store", paramLabel = "NAME",
            description = "Serve only this configured store (repeatable; default: every configured store).")
    List<String> allowed = new ArrayList<>();

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to listen on (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8080", description = "Port; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "Private cache folder for originals and variants, created with mode 0700 "
                    + "(default: ~/.cache/stowage/gateway).")
    Path cacheDir;

    @Option(names = "--cache-size", paramLabel = "SIZE", defaultValue = "1g",
            description = "Size of each cache tier not given on its own below, e.g. 512m, 2g (default: ${DEFAULT-VALUE}).")
    String cacheSize;

    @Option(names = "--cache-originals", paramLabel = "SIZE[,TTL]",
            description = "Size and age limit of the cache of originals, e.g. 10g,30d (default: --cache-size, 7d).")
    String cacheOriginals;

    @Option(names = "--cache-variants", paramLabel = "SIZE[,TTL]",
            description = "Size and age limit of the cache of variants, e.g. 2g,12h (default: --cache-size, 7d).")
    String cacheVariants;

    @Option(names = "--cache-control", paramLabel = "VALUE", defaultValue = "public, max-age=86400",
            description = "Cache-Control of image responses (default: ${DEFAULT-VALUE}).")
    String cacheControl;

    @Option(names = "--canonical-base", paramLabel = "URL",
            description = "Public base URL for Link: <...>; rel=\"canonical\" headers (default: none).")
    URI canonicalBase;

    @Option(names = "--sign-key", paramLabel = "KEY",
            description = {"Require URLs signed with this HMAC-SHA256 key; ${env:NAME} or ${file:/path} (default: unsigned).",
                    "Repeat to rotate keys: the first signs, each verifies. Signed URLs may carry exp=EPOCH_SECONDS."})
    List<String> signKeys = new ArrayList<>();

    @Option(names = "--admin-token", paramLabel = "TOKEN",
            description = "Require 'Authorization: Bearer TOKEN' for /metrics and the detail of /health; ${env:NAME} or ${file:/path}.")
    String adminToken;

    @Option(names = "--no-metrics", description = "Turn /metrics and the detail of /health off.")
    boolean noMetrics;

    @Option(names = "--idle-timeout", paramLabel = "DURATION", defaultValue = "30s",
            description = "Close a connection that makes no progress (a client that stops reading) after this long (default: ${DEFAULT-VALUE}).")
    String idleTimeout;

    @Option(names = "--max-streams", paramLabel = "N", defaultValue = "256",
            description = "Bodies streamed from stores at once; further requests get 503 (default: ${DEFAULT-VALUE}).")
    int maxStreams;

    @Option(names = "--never-enlarge", description = "Make a variant at most the size of its source.")
    boolean neverEnlarge;

    @Option(names = "--max-output-pixels", paramLabel = "N",
            description = "Refuse variants larger than N pixels (width x height x dpr^2; default: 25000000).")
    Long maxOutputPixels;

    @Option(names = "--inline-types", paramLabel = "STORE=TYPE[,TYPE]",
            description = {"Serve these declared types of a store inline (under a sandboxing CSP), e.g. demo=image/svg+xml.",
                    "Otherwise originals that are not sniffed raster images are downloads (repeatable)."})
    List<String> inlineTypes = new ArrayList<>();

    @Option(names = "--variant-cache", paramLabel = "URI|STORE",
            description = "Keep variants in this store (a URI or a configured store name), e.g. a bucket shared by several gateways (default: the cache folder).")
    String variantCache;

    @Option(names = "--engine", paramLabel = "auto|vips|java", defaultValue = "auto",
            description = "Image engine: libvips where installed (auto), or forced (default: ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--max-transforms", paramLabel = "N",
            description = "Transforms running at once (default: the number of cores).")
    Integer maxTransforms;

    @Option(names = "--transform-wait", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a transform waits for a free slot before 503 (default: ${DEFAULT-VALUE}).")
    String transformWait;

    @Option(names = "--origin-timeout", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a store call may take before 504 (default: ${DEFAULT-VALUE}).")
    String originTimeout;

    @Option(names = "--revalidate-after", paramLabel = "DURATION", defaultValue = "10s",
            description = "How long a cached original is trusted before its ETag is checked (default: ${DEFAULT-VALUE}).")
    String revalidateAfter;

    @Option(names = "--demo-dir", paramLabel = "DIR",
            description = "Folder of the demo store when no config is given (default: a new temporary folder).")
    Path demoDir;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        GatewayServer gateway = start(out);
        Runtime.getRuntime().addShutdownHook(new Thread(gateway::close, "stowage-gateway-stop"));
        gateway.join();
        return 0;
    }

    /** Opens the stores, starts the gateway and prints where it listens with example URLs. */
    GatewayServer start(PrintWriter out) {
        Map<String, BlobStore> stores = new LinkedHashMap<>();
        Map<String, StoreRegistry.Route> routes = new LinkedHashMap<>();
        Map<String, String> described = new LinkedHashMap<>();
        Path config = configFile();
        if (config != null) {
            openConfigured(config, stores, routes, described);
        } else {
            openDemo(stores, described);
        }
        Path cache = cacheDir != null ? cacheDir : GatewayOptions.defaultCacheDir();
        long defaultSize = parseSize(cacheSize, "--cache-size");
        CacheTier originalsTier = tier(cacheOriginals, "--cache-originals", defaultSize);
        CacheTier variantsTier = tier(cacheVariants, "--cache-variants", defaultSize);
        GatewayOptions.Builder options = GatewayOptions.builder(cache).host(host).port(port)
                .originalsCache(originalsTier).variantsCache(variantsTier).cacheControl(cacheControl)
                .canonicalBase(canonicalBase)
                .transformWait(parseDuration(transformWait, "--transform-wait"))
                .originTimeout(parseDuration(originTimeout, "--origin-timeout"))
                .revalidateAfter(parseDuration(revalidateAfter, "--revalidate-after"))
                .idleTimeout(parseDuration(idleTimeout, "--idle-timeout"))
                .maxStreams(maxStreams).neverEnlarge(neverEnlarge).metricsEnabled(!noMetrics);
        try {
            options.engine(dev.stowage.transform.EngineChoice.parse(engine));
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--engine: " + e.getMessage());
        }
        if (maxTransforms != null) {
            options.maxTransforms(maxTransforms);
        }
        if (maxOutputPixels != null) {
            options.limits(dev.stowage.transform.TransformLimits.builder().maxOutputPixels(maxOutputPixels).build());
        }
        for (String key : signKeys) {
            options.signKey(resolveSecret(key, "--sign-key").getBytes(StandardCharsets.UTF_8));
        }
        if (adminToken != null) {
            options.adminToken(resolveSecret(adminToken, "--admin-token"));
        }
        for (String spec : inlineTypes) {
            int eq = spec.indexOf('=');
            if (eq <= 0 || eq == spec.length() - 1) {
                throw new ParameterException(this.spec.commandLine(), "--inline-types '" + spec
                        + "': use STORE=TYPE[,TYPE], e.g. demo=image/svg+xml");
            }
            options.inlineTypes(spec.substring(0, eq), Set.of(spec.substring(eq + 1).split(",")));
        }
        if (variantCache != null) {
            options.variantStore(openVariantCache(config));
        }
        GatewayServer gateway;
        try {
            Gateway.Builder builder = Gateway.builder(options.build());
            stores.forEach(builder::store);
            routes.values().forEach(r -> builder.route(r.name(), r.origins(), r.policy()));
            gateway = GatewayServer.start(builder.build());
        } catch (IllegalArgumentException | IllegalStateException e) {
            // the gateway has closed the stores it was given; a forced engine that is missing says how to install it
            throw new ParameterException(spec.commandLine(), e.getMessage(), e, null, null);
        }
        out.println("stowage gateway listening on " + gateway.baseUri());
        described.forEach((name, what) -> out.println("  store " + name + ": " + what));
        out.println("  cache " + cache + " (originals " + describe(originalsTier) + ", variants "
                + describe(variantsTier) + ")" + (signKeys.isEmpty() ? "" : "; URLs must be signed"));
        out.println("  image engine " + gateway.gateway().engine());
        String first = stores.keySet().iterator().next();
        String sample = config == null ? "gradient.jpg" : "path/to/image.jpg";
        out.println("Try:");
        out.println("  " + gateway.url("/" + first + "/" + sample));
        out.println("  " + gateway.url("/v1/ex/" + first + "/" + sample + "?w=800&h=600&fit=cover"));
        out.println("  " + gateway.url("/" + first + "/tr:w-300,h-300/" + (config == null ? "shapes.png" : sample)));
        out.println("  " + gateway.url("/" + first + "/" + (config == null ? "poster.jpg" : sample) + "?tr=w-400,f-webp"));
        out.println("  " + gateway.baseUri() + "/health   " + gateway.baseUri() + "/metrics");
        out.flush();
        return gateway;
    }

    private void openConfigured(Path config, Map<String, BlobStore> stores, Map<String, StoreRegistry.Route> routes,
                                Map<String, String> described) {
        StoreRegistry registry = StoreRegistry.load(config);
        List<String> names = new ArrayList<>();
        if (allowed.isEmpty()) {
            names.addAll(registry.names());
            routes.putAll(registry.routes());
        } else {
            for (String name : allowed) {
                StoreRegistry.Route route = registry.routes().get(name);
                if (route != null) {
                    // a route is served with its stores, which are then also served under their own names
                    routes.put(name, route);
                    route.origins().stream().filter(o -> !names.contains(o)).forEach(names::add);
                } else if (!names.contains(name)) {
                    names.add(name);
                }
            }
        }
        try {
            for (String name : names) {
                StoreConfig c = registry.config(name).orElseThrow(() -> new ParameterException(spec.commandLine(),
                        "--store " + name + ": no such store or route in " + config + "; configured: "
                                + String.join(", ", registry.names())
                                + (registry.routes().isEmpty() ? "" : "; routes: "
                                + String.join(", ", registry.routes().keySet()))));
                stores.put(name, BlobStores.open(c));
                described.put(name, c.scheme() + " store from " + config);
            }
        } catch (RuntimeException e) {
            BlobStores.closeAll(stores.values());
            throw e;
        }
        routes.values().forEach(r -> described.put(r.name(), "route over " + String.join(", ", r.origins())
                + (r.policy().unavailableFallsThrough() ? " (missing or unavailable: next)" : " (missing: next)")));
        if (stores.isEmpty()) {
            throw new ParameterException(spec.commandLine(), config + " configures no stores");
        }
    }

    /** {@code SIZE[,TTL]} of a cache tier; without the option, {@code defaultSize} for {@link CacheTier#DEFAULT_MAX_AGE}. */
    private CacheTier tier(String text, String option, long defaultSize) {
        if (text == null) {
            return CacheTier.of(defaultSize);
        }
        String[] parts = text.split(",", -1);
        if (parts.length > 2 || parts[0].isBlank()) {
            throw new ParameterException(spec.commandLine(), option + " '" + text
                    + "': use SIZE or SIZE,TTL, e.g. 10g or 10g,30d");
        }
        long size = parseSize(parts[0], option);
        Duration ttl = parts.length == 2 ? parseDuration(parts[1], option) : CacheTier.DEFAULT_MAX_AGE;
        try {
            return new CacheTier(size, ttl);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " '" + text + "': " + e.getMessage());
        }
    }

    private static String describe(CacheTier tier) {
        return humanSize(tier.maxBytes()) + " for " + tier.maxAge().toString().substring(2).toLowerCase(Locale.ROOT);
    }

    private static String humanSize(long bytes) {
        String[] units = {"", "k", "m", "g", "t"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }

    private void openDemo(Map<String, BlobStore> stores, Map<String, String> described) {
        if (!allowed.isEmpty() && !allowed.equals(List.of("demo"))) {
            throw new ParameterException(spec.commandLine(), "--store " + String.join(", ", allowed)
                    + ": no config file is given (--config or $STOWAGE_CONFIG); only the 'demo' store exists");
        }
        try {
            Path dir = demoDir != null ? Files.createDirectories(demoDir) : Files.createTempDirectory("stowage-demo");
            BlobStore demo = BlobStores.open(dir.toAbsolutePath().toUri().toString());
            DemoImages.seed(demo);
            stores.put("demo", demo);
            described.put("demo", "sample images in " + dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the demo folder", e);
        }
    }

    private BlobStore openVariantCache(Path config) {
        if (variantCache.contains(":")) {
            return BlobStores.open(variantCache);
        }
        if (config == null) {
            throw new ParameterException(spec.commandLine(), "--variant-cache " + variantCache
                    + ": not a URI, and no config file names stores; give a URI such as s3://bucket/variants");
        }
        StoreRegistry registry = StoreRegistry.load(config);
        StoreConfig c = registry.config(variantCache).orElseThrow(() -> new ParameterException(spec.commandLine(),
                "--variant-cache " + variantCache + ": no such store in " + config + "; configured: "
                        + String.join(", ", registry.names())));
        return BlobStores.open(c);
    }

    /** The --config of the top command, else $STOWAGE_CONFIG, else ./stowage.yml when present. */
    private Path configFile() {
        OptionSpec option = spec.findOption("--config");
        Object value = option == null ? null : option.getValue();
        if (value != null) {
            return Path.of(value.toString());
        }
        String env = System.getenv("STOWAGE_CONFIG");
        if (env != null && !env.isBlank()) {
            return Path.of(env);
        }
        Path local = Path.of("stowage.yml");
        return Files.isRegularFile(local) ? local : null;
    }

    private String resolveSecret(String value, String option) {
        Matcher m = SECRET_REF.matcher(value.strip());
        if (!m.matches()) {
            return value;
        }
        String ref = m.group(2).strip();
        if (m.group(1).equals("env")) {
            String v = System.getenv(ref);
            if (v == null || v.isEmpty()) {
                throw new ParameterException(spec.commandLine(), option + " refers to ${env:" + ref
                        + "} but that environment variable is not set");
            }
            return v;
        }
        try {
            return Files.readString(Path.of(ref), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new ParameterException(spec.commandLine(), option + " refers to ${file:" + ref
                    + "} but that file cannot be read");
        }
    }

    private long parseSize(String text, String option) {
        try {
            return StoreConfig.parseSize(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " '" + text + "': use a size such as 512m or 2g");
        }
    }

    private Duration parseDuration(String text, String option) {
        try {
            return StoreConfig.parseDuration(text);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), option + " '" + text + "': use a duration such as 500ms, 10s or 2m");
        }
    }
}
