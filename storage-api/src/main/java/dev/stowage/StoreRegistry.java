package dev.stowage;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Named stores from a YAML file, opened on first use and closed with the registry. Thread-safe.
 *
 * <pre>{@code
 * stores:
 *   photos:
 *     uri: s3://my-bucket/photos?region=eu-west-1
 *     secretKey: ${env:AWS_SECRET_ACCESS_KEY}
 *     publicUrlBase: https://cdn.example.com/
 *   archive:
 *     provider: file
 *     path: /srv/archive
 *     readOnly: true
 * }</pre>
 *
 * An entry is either a {@code uri} (with options as further keys or in its query) or a {@code provider} with
 * {@code bucket} (or {@code host}), {@code port}, {@code user} and {@code path} (or {@code folder}); every other key
 * is an option. Values may be {@code ${env:NAME}} or {@code ${file:/path}} references.
 *
 * <p>An optional top-level {@code routes:} map names lists of configured stores read in order, the first that has
 * an object serving it (see {@link dev.stowage.layer.Layers#fallback}):
 *
 * <pre>{@code
 * routes:
 *   photos: [photos-new, photos-old]          # a missing key falls through; a store that is down is an error
 *   media:
 *     origins: [media-new, media-old]
 *     skipUnavailable: true                   # a store that is down is skipped too
 * }</pre>
 *
 * <p>A Supervisely {@code remote_links.yml} (top-level account names with {@code provider:} and {@code buckets:})
 * is read as is: each bucket of each account becomes a store named {@code account/bucket}. Links
 * {@code provider://bucket/key} resolve to stores with {@link #locate(String)} and {@link #resolve(String)}.
 */
public final class StoreRegistry implements AutoCloseable {
    private static final Set<String> STRUCTURE_KEYS = Set.of("uri", "provider", "bucket", "host", "port", "user",
            "path", "folder");

    private static final Set<String> TOP_KEYS = Set.of("stores", "routes");
    private static final Set<String> ROUTE_KEYS = Set.of("origins", "skipUnavailable");

    private final Map<String, StoreConfig> configs;
    private final Map<String, Route> routes;
    private final Map<String, BlobStore> open = new LinkedHashMap<>();

    private StoreRegistry(Map<String, StoreConfig> configs) {
        this(configs, Map.of());
    }

    private StoreRegistry(Map<String, StoreConfig> configs, Map<String, Route> routes) {
        this.configs = Collections.unmodifiableMap(new LinkedHashMap<>(configs));
        this.routes = Collections.unmodifiableMap(new LinkedHashMap<>(routes));
    }

    /**
     * A named list of configured stores, read in order: the first that has an object serves it.
     *
     * @param name    the route's name, distinct from every store's
     * @param origins the names of configured stores, the primary first
     * @param policy  whether a store that is down is skipped ({@code skipUnavailable}) or is an error
     */
    public record Route(String name, List<String> origins, dev.stowage.layer.FallbackPolicy policy) {
        public Route {
            java.util.Objects.requireNonNull(name, "name");
            origins = List.copyOf(origins);
            java.util.Objects.requireNonNull(policy, "policy");
        }
    }

    /** A registry of the given configurations, keyed by their names. */
    public static StoreRegistry of(List<StoreConfig> configs) {
        Map<String, StoreConfig> map = new LinkedHashMap<>();
        for (StoreConfig c : configs) {
            if (map.put(c.name(), c) != null) {
                throw new IllegalArgumentException("store '" + c.name() + "' is defined twice");
            }
        }
        return new StoreRegistry(map);
    }

    /**
     * Loads a YAML file of named stores.
     *
     * @throws StorageException MISCONFIGURED naming the file, the store and what is wrong
     */
    public static StoreRegistry load(Path file) {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString());
        } catch (NoSuchFileException e) {
            throw configError(file.toString(), "the file does not exist", e);
        } catch (IOException e) {
            throw configError(file.toString(), "the file cannot be read: " + e.getMessage(), e);
        }
    }

    /** Parses YAML text of named stores; {@code source} names it in messages. */
    public static StoreRegistry parse(Reader yaml, String source) {
        Object root;
        try {
            root = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        } catch (MarkedYAMLException e) {
            String fix = String.valueOf(e.getProblem()).startsWith("mapping values are not allowed")
                    ? " (a value holding ': ' must be in quotes, e.g. secret_key: \"a: b\")" : "";
            throw configError(source, "it is not valid YAML: " + e.getProblem() + " at line "
                    + (e.getProblemMark() == null ? "?" : e.getProblemMark().getLine() + 1) + fix, e);
        } catch (YAMLException e) {
            throw configError(source, "it is not valid YAML: " + e.getMessage(), e);
        }
        if (root instanceof Map<?, ?> top && RemoteLinksFile.isRemoteLinks(top)) {
            try {
                return of(RemoteLinksFile.read(top));
            } catch (IllegalArgumentException e) {
                throw configError(source, e.getMessage(), e);
            }
        }
        if (!(root instanceof Map<?, ?> top) || !(top.get("stores") instanceof Map<?, ?> stores)) {
            throw configError(source, "it must have a top-level 'stores:' map of named stores, or be a Supervisely "
                    + "remote_links.yml (top-level account names, each with 'provider:' and 'buckets:')", null);
        }
        for (Object key : top.keySet()) {
            if (!TOP_KEYS.contains(String.valueOf(key))) {
                throw configError(source, "unknown top-level key '" + key + "'; known: stores, routes", null);
            }
        }
        Map<String, StoreConfig> configs = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : stores.entrySet()) {
            String name = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> entry)) {
                throw configError(source, "store '" + name + "' must be a map with 'uri:' or 'provider:'", null);
            }
            try {
                configs.put(name, entryToConfig(name, entry));
            } catch (IllegalArgumentException ex) {
                throw configError(source, "store '" + name + "': " + ex.getMessage(), ex);
            }
        }
        Map<String, Route> routes = new LinkedHashMap<>();
        Object routesNode = top.get("routes");
        if (routesNode != null && !(routesNode instanceof Map)) {
            throw configError(source, "'routes:' must be a map of route names to lists of store names, e.g. "
                    + "routes: { photos: [photos-new, photos-old] }", null);
        }
        if (routesNode instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> e : map.entrySet()) {
                String name = String.valueOf(e.getKey());
                try {
                    routes.put(name, route(name, e.getValue(), configs));
                } catch (IllegalArgumentException ex) {
                    throw configError(source, "route '" + name + "': " + ex.getMessage(), ex);
                }
            }
        }
        return new StoreRegistry(configs, routes);
    }

    private static Route route(String name, Object node, Map<String, StoreConfig> configs) {
        if (configs.containsKey(name)) {
            throw new IllegalArgumentException("a store has this name too; give the route another name");
        }
        Object origins = node;
        boolean skipUnavailable = false;
        if (node instanceof Map<?, ?> entry) {
            for (Object key : entry.keySet()) {
                if (!ROUTE_KEYS.contains(String.valueOf(key))) {
                    throw new IllegalArgumentException("unknown key '" + key + "'; known: origins, skipUnavailable");
                }
            }
            origins = entry.get("origins");
            Object skip = entry.get("skipUnavailable");
            if (skip != null) {
                if (!(skip instanceof Boolean b)) {
                    throw new IllegalArgumentException("skipUnavailable must be true or false, was '" + skip + "'");
                }
                skipUnavailable = b;
            }
        }
        if (!(origins instanceof List<?> list) || list.isEmpty()) {
            throw new IllegalArgumentException("it needs a list of store names, e.g. [photos-new, photos-old], "
                    + "or 'origins:' with one");
        }
        List<String> names = new java.util.ArrayList<>();
        for (Object o : list) {
            String origin = String.valueOf(o);
            if (!configs.containsKey(origin)) {
                throw new IllegalArgumentException("'" + origin + "' is not a configured store; configured: "
                        + String.join(", ", configs.keySet()));
            }
            if (names.contains(origin)) {
                throw new IllegalArgumentException("'" + origin + "' is listed twice");
            }
            names.add(origin);
        }
        return new Route(name, names,
                dev.stowage.layer.FallbackPolicy.builder().unavailableFallsThrough(skipUnavailable).build());
    }

    private static StoreConfig entryToConfig(String name, Map<?, ?> entry) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : entry.entrySet()) {
            Object v = e.getValue();
            if (v instanceof Map || v instanceof List) {
                throw new IllegalArgumentException("option '" + e.getKey() + "' must be a single value");
            }
            values.put(String.valueOf(e.getKey()), v == null ? "" : String.valueOf(v));
        }
        Map<String, String> options = new LinkedHashMap<>();
        values.forEach((k, v) -> {
            if (!STRUCTURE_KEYS.contains(k)) {
                options.put(k, v); // references are resolved when the store is opened, so one unset variable
                                   // does not stop the other stores from working
            }
        });
        StoreConfig base;
        if (values.containsKey("uri")) {
            if (values.containsKey("provider")) {
                throw new IllegalArgumentException("give either 'uri' or 'provider', not both");
            }
            base = StoreConfig.parse(values.get("uri"), false);
        } else if (values.containsKey("provider")) {
            String host = values.getOrDefault("bucket", values.getOrDefault("host", ""));
            int port = values.containsKey("port") ? parsePort(values.get("port")) : -1;
            String path = values.getOrDefault("path", values.getOrDefault("folder", ""));
            base = new StoreConfig(null, values.get("provider"), host, port, values.get("user"), path, Map.of());
        } else {
            throw new IllegalArgumentException("it needs 'uri:' (e.g. uri: s3://bucket/folder) or 'provider:'");
        }
        Map<String, String> merged = new LinkedHashMap<>(base.options());
        for (Map.Entry<String, String> o : options.entrySet()) {
            if (merged.containsKey(o.getKey())) {
                throw new IllegalArgumentException("option '" + o.getKey() + "' is given both in the URI and as a key");
            }
            merged.put(o.getKey(), o.getValue());
        }
        return new StoreConfig(name, base.scheme(), base.host(), base.port(), base.user(), base.path(), merged);
    }

    private static int parsePort(String s) {
        try {
            int p = Integer.parseInt(s.strip());
            if (p < 1 || p > 65535) {
                throw new NumberFormatException();
            }
            return p;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("port must be a number from 1 to 65535, was '" + s + "'");
        }
    }

    private static StorageException configError(String source, String detail, Throwable cause) {
        return StorageException.builder(ErrorCode.MISCONFIGURED, "config file " + source + ": " + detail)
                .operation(Operation.OPEN).cause(cause).build();
    }

    /** The configured store names, in file order. */
    public Set<String> names() {
        return configs.keySet();
    }

    /** The routes of the file ({@code routes:}), by name in file order; empty when it has none. */
    public Map<String, Route> routes() {
        return routes;
    }

    /** The configuration of a named store. */
    public Optional<StoreConfig> config(String name) {
        return Optional.ofNullable(configs.get(name));
    }

    /**
     * The open store of that name, opened on first use and shared.
     *
     * @throws StorageException NOT_FOUND listing the configured names when there is no such store
     */
    public synchronized BlobStore store(String name) {
        BlobStore s = open.get(name);
        if (s != null) {
            return s;
        }
        StoreConfig c = configs.get(name);
        if (c == null) {
            throw StorageException.builder(ErrorCode.NOT_FOUND, "no store named '" + name
                    + "' is configured; configured stores: " + String.join(", ", configs.keySet()))
                    .operation(Operation.OPEN).build();
        }
        try {
            c = c.resolveSecrets();
        } catch (IllegalArgumentException e) {
            throw StorageException.builder(ErrorCode.MISCONFIGURED, "store '" + name + "': " + e.getMessage())
                    .store(name).operation(Operation.OPEN).cause(e).build();
        }
        s = BlobStores.open(c);
        open.put(name, s);
        return s;
    }

    /** A store and a key within it. */
    public record Location(BlobStore store, String key) {
    }

    /**
     * Where a link points: a configured store's name and the key (or folder, ending in '/', or "" for the root)
     * inside it.
     */
    public record LinkTarget(String storeName, String key) {
    }

    /**
     * Finds the configured store holding a link {@code provider://bucket/key} without opening it (see {@link Link}):
     * the store whose scheme and bucket (container for Azure; name for {@code fs://storage-id/path}) match, whose
     * folder contains the key (the deepest such folder wins) and, when the link gives {@code ?endpoint=}, whose
     * endpoint it is. Empty when no store holds it, or when the link carries store options other than
     * {@code endpoint} (it is then a store URI to open as such).
     *
     * @throws IllegalArgumentException when the text is not a link
     * @throws StorageException         INVALID_ARGUMENT when several stores hold the link equally well
     */
    public Optional<LinkTarget> locate(String link) {
        Link parsed = Link.parse(link);
        if (parsed.hasStoreOptions()) {
            return Optional.empty();
        }
        return LinkResolver.locate(parsed, configs.values());
    }

    /**
     * Resolves a link to an object to the configured store holding it (opened, see {@link #store(String)}) and the
     * key within it, by the rules of {@link #locate(String)}.
     *
     * @throws IllegalArgumentException when the text is not a link or does not name an object
     * @throws StorageException         NOT_FOUND naming every configured store and why it does not hold the link;
     *                                  INVALID_ARGUMENT when several hold it, or the link carries store options
     */
    public Location resolve(String link) {
        Link parsed = Link.parse(link);
        if (parsed.hasStoreOptions()) {
            throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, "link '" + parsed.text() + "' carries store "
                    + "options; a link takes only ?endpoint=, open a store URI with BlobStores.open")
                    .operation(Operation.OPEN).build();
        }
        LinkTarget target = LinkResolver.locate(parsed, configs.values())
                .orElseThrow(() -> LinkResolver.notFound(parsed, configs.values()));
        return new Location(store(target.storeName()), Keys.validate(target.key()));
    }

    /** The NOT_FOUND failure for a link no configured store holds, naming each store and why it does not. */
    public StorageException unresolved(String link) {
        return LinkResolver.notFound(Link.parse(link), configs.values());
    }

    @Override
    public synchronized void close() {
        try {
            BlobStores.closeAll(open.values());
        } finally {
            open.clear();
        }
    }
}
