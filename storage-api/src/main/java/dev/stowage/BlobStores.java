package dev.stowage;

import dev.stowage.internal.PortableBlobStore;
import dev.stowage.layer.Layers;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import dev.stowage.spi.Errors;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** Opens stores by URI or configuration, picking the driver by scheme through {@link ServiceLoader}. */
public final class BlobStores {
    private BlobStores() {
    }

    /**
     * Opens a store from a URI such as {@code file:///srv/images} or {@code s3://bucket/folder?region=eu-west-1}.
     *
     * @throws IllegalArgumentException when the URI is malformed
     * @throws StorageException         MISCONFIGURED when no installed driver serves the scheme or an option is wrong
     */
    public static BlobStore open(String uri) {
        return open(StoreConfig.parse(uri));
    }

    /** Opens a store from a configuration. */
    public static BlobStore open(StoreConfig config) {
        try {
            config = config.resolveSecrets();
        } catch (IllegalArgumentException e) {
            throw config.misconfigured(e.getMessage());
        }
        BlobStoreProvider provider = provider(config);
        checkOptions(config, provider);
        String folder = provider.keyPrefix(config);
        PublicUrlMapper mapper = null;
        String base = config.options().get("publicUrlBase");
        if (base != null) {
            try {
                mapper = PublicUrlMapper.of(base);
            } catch (IllegalArgumentException e) {
                throw config.misconfigured(e.getMessage());
            }
        }
        boolean readOnly = config.booleanOption("readOnly", false);
        boolean verifyReads = config.booleanOption("verifyReads", true);
        Duration deadline = config.options().containsKey("deadline")
                ? config.positiveDurationOption("deadline", Duration.ZERO) : null;
        BlobStoreDriver driver;
        try {
            driver = provider.open(config);
        } catch (Exception e) {
            StorageException se = Errors.classify(e);
            StorageException.Builder b = se.toBuilder().operation(Operation.OPEN);
            if (se.store() == null) {
                b.store(config.name());
            }
            throw b.build();
        }
        return new PortableBlobStore(config.name(), readOnly ? Layers.readOnly(driver) : driver, folder, mapper,
                verifyReads, deadline);
    }

    /**
     * Closes every store, even when some fail; the first failure is thrown with the others suppressed in it.
     */
    public static void closeAll(Iterable<? extends BlobStore> stores) {
        RuntimeException first = null;
        for (BlobStore s : stores) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** The schemes of every installed driver, sorted. */
    public static Set<String> installedSchemes() {
        return new TreeSet<>(providers().keySet());
    }

    private static BlobStoreProvider provider(StoreConfig config) {
        BlobStoreProvider provider = providers().get(config.scheme());
        if (provider == null) {
            throw StorageException.builder(ErrorCode.MISCONFIGURED, "no installed driver serves the scheme '"
                            + config.scheme() + "'; installed schemes: " + String.join(", ", installedSchemes()))
                    .store(config.name()).operation(Operation.OPEN)
                    .hint("add the driver module for '" + config.scheme() + "' (e.g. dev.stowage:storage-"
                            + config.scheme() + ") to the class path or module path")
                    .build();
        }
        return provider;
    }

    private static void checkOptions(StoreConfig config, BlobStoreProvider provider) {
        Set<String> known = new TreeSet<>(StoreConfig.COMMON_OPTIONS);
        known.addAll(provider.options());
        for (String option : config.options().keySet()) {
            if (!known.contains(option)) {
                throw config.misconfigured("unknown option '" + option + "' for scheme '" + config.scheme()
                        + "'; known options: " + String.join(", ", known));
            }
        }
    }

    private static Map<String, BlobStoreProvider> providers() {
        Map<String, BlobStoreProvider> byScheme = new TreeMap<>();
        Set<Class<?>> seen = new LinkedHashSet<>();
        for (ClassLoader loader : List.of(BlobStores.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader())) {
            if (loader == null) {
                continue;
            }
            for (BlobStoreProvider p : ServiceLoader.load(BlobStoreProvider.class, loader)) {
                if (seen.add(p.getClass())) {
                    for (String scheme : p.schemes()) {
                        byScheme.putIfAbsent(scheme, p);
                    }
                }
            }
        }
        return byScheme;
    }
}
