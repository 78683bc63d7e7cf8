package dev.stowage.spring;

import dev.stowage.StoreConfig;
import dev.stowage.spi.BlobStoreProvider;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/** Turns the bound {@code stowage.stores.*} properties into store configurations. */
final class StoreConfigs {
    private StoreConfigs() {
    }

    static List<StoreConfig> of(Map<String, StowageProperties.Store> stores) {
        List<StoreConfig> configs = new ArrayList<>();
        Map<String, Map<String, String>> canonicalBySchemes = canonicalOptionNames();
        stores.forEach((name, store) -> configs.add(of(name, store, canonicalBySchemes)));
        return configs;
    }

    private static StoreConfig of(String name, StowageProperties.Store store,
                                  Map<String, Map<String, String>> canonicalByScheme) {
        if (store.getUri() == null || store.getUri().isBlank()) {
            throw new IllegalArgumentException("stowage.stores." + name + ".uri is not set; give the store's URI, "
                    + "e.g. stowage.stores." + name + ".uri=file:///srv/images or s3://bucket/folder");
        }
        StoreConfig config;
        try {
            config = StoreConfig.parse(store.getUri()).withName(name);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stowage.stores." + name + ".uri: " + e.getMessage(), e);
        }
        Map<String, String> canonical = canonicalByScheme.getOrDefault(config.scheme(), Map.of());
        for (Map.Entry<String, String> o : store.getOptions().entrySet()) {
            // an option the driver does not know keeps its name, so that opening refuses it by that name
            String key = canonical.getOrDefault(normalize(o.getKey()), o.getKey());
            config = config.withOption(key, o.getValue());
        }
        return config;
    }

    /**
     * Per scheme, the option names its provider and every store accept, keyed by their relaxed form, so that
     * {@code secret-key}, {@code secretKey} and {@code SECRETKEY} (Spring's relaxed binding of map keys) all
     * become {@code secretKey}.
     */
    private static Map<String, Map<String, String>> canonicalOptionNames() {
        Map<String, Map<String, String>> byScheme = new HashMap<>();
        for (BlobStoreProvider p : ServiceLoader.load(BlobStoreProvider.class, StoreConfigs.class.getClassLoader())) {
            Map<String, String> names = new HashMap<>();
            StoreConfig.COMMON_OPTIONS.forEach(o -> names.put(normalize(o), o));
            p.options().forEach(o -> names.put(normalize(o), o));
            p.schemes().forEach(s -> byScheme.put(s, names));
        }
        return byScheme;
    }

    private static String normalize(String key) {
        return key.replace("-", "").replace("_", "").replace(".", "").toLowerCase(Locale.ROOT);
    }
}
