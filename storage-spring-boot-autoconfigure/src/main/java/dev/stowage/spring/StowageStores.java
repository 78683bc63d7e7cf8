package dev.stowage.spring;

import dev.stowage.BlobStore;
import dev.stowage.StoreRegistry;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The stores exposed as beans: each opened once from the {@link StoreRegistry} and passed through the
 * {@link StoreCustomizer}s. The registry owns and closes the stores. Thread-safe.
 */
public final class StowageStores {
    private final StoreRegistry registry;
    private final List<StoreCustomizer> customizers;
    private final Map<String, BlobStore> stores = new ConcurrentHashMap<>();

    /** Stores of {@code registry}, wrapped by {@code customizers} in order. */
    public StowageStores(StoreRegistry registry, List<StoreCustomizer> customizers) {
        this.registry = registry;
        this.customizers = List.copyOf(customizers);
    }

    /** The store of that name, opened on first use and customized. */
    public BlobStore store(String name) {
        return stores.computeIfAbsent(name, n -> {
            BlobStore s = registry.store(n);
            for (StoreCustomizer c : customizers) {
                s = c.customize(n, s);
            }
            return s;
        });
    }

    /** The registry the stores come from. */
    public StoreRegistry registry() {
        return registry;
    }
}
