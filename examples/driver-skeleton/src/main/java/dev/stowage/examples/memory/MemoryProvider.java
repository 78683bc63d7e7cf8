package dev.stowage.examples.memory;

import dev.stowage.StoreConfig;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Serves {@code mem://bucket/folder}: found by {@link java.util.ServiceLoader} through
 * {@code META-INF/services/dev.stowage.spi.BlobStoreProvider} (and {@code provides} in a module descriptor, for
 * modular applications). The portable layer applies the folder as a key prefix, checks keys and options, and
 * completes what the driver does not do itself.
 */
public final class MemoryProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("mem");
    }

    /** Options beyond the common ones; any other is refused by name before the driver is opened. */
    @Override
    public Set<String> options() {
        return Set.of("maxBytes");
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        if (config.host().isEmpty()) {
            throw config.misconfigured("a memory store needs a bucket name: mem://bucket or mem://bucket/folder");
        }
        long maxBytes = config.intOption("maxBytes", 64 << 20, 1, Integer.MAX_VALUE);
        return new MemoryDriver(MemoryDriver.bucket(config.host()), maxBytes);
    }
}
