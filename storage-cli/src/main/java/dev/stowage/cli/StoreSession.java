package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.StoreRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stores one command run opens: named stores come from the registry (which closes them), stores given by URI
 * are opened once per distinct configuration and closed here. Thread-safe.
 */
public final class StoreSession implements AutoCloseable {
    private final Supplier<StoreRegistry> registry;
    private final Map<StoreConfig, BlobStore> byUri = new LinkedHashMap<>();

    StoreSession(Supplier<StoreRegistry> registry) {
        this.registry = registry;
    }

    /** The store a location is in; a plain local path has none. */
    public synchronized BlobStore open(Location location) {
        return switch (location.kind()) {
            case NAMED -> registry.get().store(location.storeName());
            case URI -> {
                BlobStore s = byUri.get(location.store());
                if (s == null) {
                    s = BlobStores.open(location.store());
                    byUri.put(location.store(), s);
                }
                yield s;
            }
            case LOCAL -> throw new LocationException("'" + location.text() + "' is a local path, not a store");
        };
    }

    @Override
    public synchronized void close() {
        try {
            BlobStores.closeAll(byUri.values());
        } finally {
            byUri.clear();
        }
    }
}
