package dev.stowage.internal;

import dev.stowage.StoreConfig;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** {@code mem://bucket/folder}: one shared in-memory bucket per name, for testing opening and linking. */
public final class MemoryProvider implements BlobStoreProvider {
    static final Map<String, MemoryDriver> BUCKETS = new ConcurrentHashMap<>();

    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    @Override
    public Set<String> options() {
        return Set.of("flavour");
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        return BUCKETS.computeIfAbsent(config.host(), b -> new MemoryDriver());
    }
}
