package dev.stowage.cli;

import dev.stowage.Keys;
import dev.stowage.Link;
import dev.stowage.StorageException;
import dev.stowage.StoreConfig;
import dev.stowage.StoreRegistry;
import dev.stowage.spi.BlobStoreProvider;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the locations commands take. A location is written in one of these forms, tried in this order:
 *
 * <ol>
 *   <li><b>Link</b> — {@code provider://bucket/key} held by a configured store (see
 *       {@link StoreRegistry#locate(String)}), e.g. {@code s3://my-bucket/cars/truck.jpg} with a store for
 *       {@code my-bucket} in the config file: that store, with its endpoint and credentials, and the key inside it.
 *       {@code google://} is {@code gs://}; {@code fs://storage-id/path} is the configured local store of that name.
 *       A link no configured store holds is read as a store URI.</li>
 *   <li><b>Store URI</b> — {@code scheme://bucket/key?option=value}, e.g. {@code s3://photos/2024/a.jpg?region=eu-west-1}
 *       or {@code file:///srv/data/report.pdf}. The scheme picks the installed driver. For object stores
 *       (s3, gs, azure, ...) the store is the bucket and the URI path is the key. For file systems and file servers
 *       (file, sftp, ftp), whose URI path is a directory, the store opens at the folder holding the object and
 *       the last segment is the key; a path ending in '/' or naming an existing local folder (and any path, for
 *       folder commands) is the folder itself.
 *       {@code file:/abs/path} and {@code file:relative/path} are accepted too.</li>
 *   <li><b>Named store</b> — {@code NAME:key}, e.g. {@code photos:2024/a.jpg}, where NAME is a store in the config
 *       file (letters, digits, '.', '_', '-', and one '/' as in {@code account/bucket}). {@code NAME:} alone is the
 *       store's root.</li>
 *   <li><b>Local path</b> — anything else, e.g. {@code ./report.pdf} or {@code /tmp/out/}: a plain file or folder,
 *       accepted only by {@code cp}. Write {@code ./name:with:colons} for a local file whose name has a colon.</li>
 * </ol>
 *
 * A key ending in '/' names a folder (a key prefix). Commands that work on folders ({@code ls}, {@code cp -r},
 * {@code rm -r}) treat {@code photos:2024} as {@code photos:2024/}. Every error names the location and what is
 * wrong with it; an unknown store name lists the configured ones.
 */
public final class LocationParser {
    /** What a command needs the location to name. */
    public enum Mode {
        /** One object: a key that does not end in '/'. */
        OBJECT,
        /** A folder: "" or a key ending in '/' ('/' is added when missing). */
        FOLDER,
        /** Either, as written (for {@code ls}). */
        ANY
    }

    private static final Pattern URI_FORM = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://.*", Pattern.DOTALL);
    // a name may hold one '/': stores read from a Supervisely remote_links.yml are named account/bucket
    private static final Pattern NAMED_FORM = Pattern.compile(
            "^([A-Za-z0-9][A-Za-z0-9_.-]*(?:/[A-Za-z0-9][A-Za-z0-9_.-]*)?):(.*)$", Pattern.DOTALL);

    private final Supplier<StoreRegistry> registry;
    private final Supplier<String> configSource;
    private final Path workDir;
    private final Map<String, BlobStoreProvider> providers;
    private final Consumer<String> notes;
    private final Set<String> noted = ConcurrentHashMap.newKeySet();

    /**
     * @param registry     the configured stores, loaded when a named location is first parsed
     * @param configSource the config file's path for messages, or {@code null} when there is none
     * @param workDir      the folder relative local paths are resolved against
     */
    public LocationParser(Supplier<StoreRegistry> registry, Supplier<String> configSource, Path workDir) {
        this(registry, configSource, workDir, note -> { });
    }

    /**
     * @param notes receives a one-line note when a link is opened as a store URI although stores of its scheme are
     *              configured (none holds it), saying why each does not: otherwise the failure that follows (e.g.
     *              missing credentials) would not tell the user that the config file was not used
     */
    public LocationParser(Supplier<StoreRegistry> registry, Supplier<String> configSource, Path workDir,
                          Consumer<String> notes) {
        this.registry = registry;
        this.configSource = configSource;
        this.workDir = workDir;
        this.providers = installedProviders();
        this.notes = notes;
    }

    /**
     * Parses a location.
     *
     * @param allowLocal whether a plain local path is accepted (only {@code cp} reads and writes local files)
     * @throws LocationException naming the location and what is wrong with it
     */
    public Location parse(String text, Mode mode, boolean allowLocal) {
        if (text == null || text.isBlank()) {
            throw new LocationException("a location must not be empty; write NAME:key, scheme://bucket/key"
                    + (allowLocal ? " or a local path" : ""));
        }
        Matcher uri = URI_FORM.matcher(text);
        if (uri.matches()) {
            Location linked = linked(text, uri.group(1).toLowerCase(Locale.ROOT), mode);
            return linked != null ? linked : parseUri(text, mode);
        }
        Matcher named = NAMED_FORM.matcher(text);
        boolean windowsDrive = File.separatorChar == '\\' && named.matches() && named.group(1).length() == 1;
        boolean localWithColon = named.matches() && named.group(1).contains("/") && allowLocal
                && !registry.get().names().contains(named.group(1)); // dir/file:x is a local path
        if (named.matches() && !windowsDrive && !localWithColon) {
            String name = named.group(1);
            StoreRegistry stores = registry.get();
            if (stores.names().contains(name)) {
                return new Location(text, Location.Kind.NAMED, name, null, key(text, named.group(2), mode), null);
            }
            if (providers.containsKey(name.toLowerCase(Locale.ROOT))) {
                return parseUri(text, mode); // file:/abs/path, file:relative/path
            }
            throw unknownStore(text, name, stores, allowLocal);
        }
        if (!allowLocal) {
            throw new LocationException("'" + text + "' is not a store location: write NAME:key for a store in the "
                    + "config file or scheme://bucket/key (for a local folder as a store: file:///absolute/path/)");
        }
        try {
            return new Location(text, Location.Kind.LOCAL, null, null, "", workDir.resolve(text).normalize());
        } catch (InvalidPathException e) {
            throw new LocationException("'" + text + "' is not a valid local path: " + e.getReason(), e);
        }
    }

    /**
     * A link {@code provider://bucket/key} held by a configured store, as a location in that store; {@code null} when
     * no configured store holds it, so that it is opened as a store URI. {@code fs://storage-id/path} must name a
     * configured local store; {@code file:} URIs are always local paths.
     */
    private Location linked(String text, String scheme, Mode mode) {
        if (scheme.equals("file")) {
            return null;
        }
        Link link;
        try {
            link = Link.parse(text);
        } catch (IllegalArgumentException e) {
            return null; // parseUri explains what is wrong with it
        }
        boolean storageId = scheme.equals("fs") && !link.bucket().isEmpty();
        StoreRegistry stores = registry.get();
        if (stores.names().isEmpty() && !storageId) {
            return null;
        }
        Optional<StoreRegistry.LinkTarget> target;
        try {
            target = stores.locate(text);
        } catch (StorageException e) {
            throw new LocationException(e.detail() + (e.hint() == null ? "" : "; " + e.hint()), e);
        }
        if (target.isPresent()) {
            String name = target.get().storeName();
            return new Location(text, Location.Kind.NAMED, name, null, key(text, target.get().key(), mode), null);
        }
        if (storageId) {
            String source = configSource.get();
            throw new LocationException("fs://" + link.bucket() + "/... names a local store by its storage id, and "
                    + (source == null ? "no config file was found (pass --config FILE, set STOWAGE_CONFIG or create "
                    + "./stowage.yml)" : stores.unresolved(text).detail()));
        }
        boolean sameScheme = stores.names().stream().map(n -> stores.config(n).orElseThrow().scheme())
                .anyMatch(sch -> Link.canonicalScheme(sch).equals(link.scheme()));
        if (sameScheme && !link.hasStoreOptions() && noted.add(link.scheme() + "://" + link.bucket())) {
            notes.accept("note: " + stores.unresolved(text).detail() + "; opening " + link.scheme() + "://"
                    + link.bucket() + " as a store URI instead");
        }
        return null;
    }

    private LocationException unknownStore(String text, String name, StoreRegistry stores, boolean allowLocal) {
        String source = configSource.get();
        StringBuilder sb = new StringBuilder("unknown store '").append(name).append("' in location '").append(text)
                .append("'; ");
        if (source == null) {
            sb.append("no config file was found (pass --config FILE, set STOWAGE_CONFIG or create ./stowage.yml)");
        } else if (stores.names().isEmpty()) {
            sb.append(source).append(" configures no stores");
        } else {
            sb.append("configured stores in ").append(source).append(": ").append(String.join(", ", stores.names()));
        }
        if (allowLocal) {
            sb.append("; for a local file whose name has a colon write ./").append(text);
        }
        return new LocationException(sb.toString());
    }

    private Location parseUri(String text, Mode mode) {
        StoreConfig config;
        try {
            // google:// is Supervisely's name for gs://
            boolean google = text.regionMatches(true, 0, "google://", 0, 9);
            config = StoreConfig.parse(google ? "gs" + text.substring(6) : text);
        } catch (IllegalArgumentException e) {
            throw new LocationException("invalid location: " + e.getMessage(), e);
        }
        BlobStoreProvider provider = providers.get(config.scheme());
        if (provider == null) {
            throw new LocationException("invalid location '" + config.toSafeUri() + "': no installed driver serves "
                    + "the scheme '" + config.scheme() + "'; installed schemes: " + String.join(", ", providers.keySet())
                    + " (a driver is added by putting its module, e.g. storage-" + config.scheme()
                    + ", on the class path)");
        }
        String shown = config.toSafeUri();
        if (provider.pathRole() == BlobStoreProvider.PathRole.KEY_PREFIX) {
            String key = config.path().replaceFirst("^/+", "");
            StoreConfig store = new StoreConfig(null, config.scheme(), config.host(), config.port(), config.user(),
                    "", config.options());
            return new Location(shown, Location.Kind.URI, null, store, key(shown, key, mode), null);
        }
        String path = config.path();
        if (isLocalScheme(config.scheme()) && !path.isEmpty()) {
            path = workDir.resolve(path).normalize().toString().replace(File.separatorChar, '/')
                    + (path.endsWith("/") && !path.equals("/") ? "/" : "");
        }
        Mode effective = mode;
        if (mode == Mode.ANY) {
            // a path names a folder when it says so, or when it is a local folder that exists
            boolean folder = path.isEmpty() || path.endsWith("/")
                    || (isLocalScheme(config.scheme()) && Files.isDirectory(Path.of(path)));
            effective = folder ? Mode.FOLDER : Mode.OBJECT;
        }
        String root;
        String key;
        if (effective == Mode.FOLDER) {
            root = path.length() > 1 ? path.replaceFirst("/+$", "") : path;
            key = "";
        } else {
            int slash = path.lastIndexOf('/');
            if (slash < 0 || slash == path.length() - 1) {
                throw new LocationException("location '" + shown + "' names a folder, not an object; give the "
                        + "object's path, e.g. " + config.scheme() + ":///folder/file.txt");
            }
            root = slash == 0 ? "/" : path.substring(0, slash);
            key = path.substring(slash + 1);
        }
        if (isLocalScheme(config.scheme())) {
            String[] rootAndKey = existingLocalStore(root, key, effective);
            root = rootAndKey[0];
            key = rootAndKey[1];
        }
        StoreConfig store = new StoreConfig(null, config.scheme(), config.host(), config.port(), config.user(), root,
                config.options());
        return new Location(shown, Location.Kind.URI, null, store, key(shown, key, effective), null);
    }

    /**
     * A local store keeps metadata in a {@code .stowage} folder at its root. When a folder above the location
     * already is such a root, the location is opened inside that store, so metadata written through
     * {@code file:///srv/data/} is found again through {@code file:///srv/data/2024/a.jpg}.
     */
    private static String[] existingLocalStore(String root, String key, Mode mode) {
        Path start = Path.of(root);
        for (Path p = start; p != null; p = p.getParent()) {
            if (Files.isDirectory(p.resolve(".stowage"))) {
                if (p.equals(start)) {
                    break;
                }
                String inside = p.relativize(start).toString().replace(File.separatorChar, '/');
                String k = mode == Mode.FOLDER ? inside + "/" : inside + "/" + key;
                return new String[] {p.toString().replace(File.separatorChar, '/'), k};
            }
        }
        return new String[] {root, key};
    }

    /** Checks and normalises the key part for the mode. */
    private static String key(String text, String key, Mode mode) {
        try {
            switch (mode) {
                case OBJECT -> {
                    if (key.isEmpty() || key.endsWith("/")) {
                        throw new LocationException("location '" + text + "' names a folder, not an object; add the "
                                + "object's key, e.g. " + (text.endsWith("/") || text.endsWith(":") ? text
                                : text + "/") + "file.txt");
                    }
                    return Keys.validate(key);
                }
                case FOLDER -> {
                    String folder = key.isEmpty() || key.endsWith("/") ? key : key + "/";
                    return Keys.validatePrefix(folder);
                }
                default -> {
                    return Keys.validatePrefix(key);
                }
            }
        } catch (LocationException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw new LocationException("invalid location '" + text + "': " + e.getMessage(), e);
        }
    }

    private static boolean isLocalScheme(String scheme) {
        return scheme.equals("file") || scheme.equals("fs");
    }

    /** The installed drivers by scheme, sorted. */
    public Map<String, BlobStoreProvider> providers() {
        return providers;
    }

    private static Map<String, BlobStoreProvider> installedProviders() {
        Map<String, BlobStoreProvider> byScheme = new TreeMap<>();
        for (BlobStoreProvider p : ServiceLoader.load(BlobStoreProvider.class, LocationParser.class.getClassLoader())) {
            for (String scheme : p.schemes()) {
                byScheme.putIfAbsent(scheme, p);
            }
        }
        return byScheme;
    }
}
