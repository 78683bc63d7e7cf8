package dev.stowage.gateway.internal;

import java.util.Objects;

/**
 * An original the gateway serves: a configured store's name and a validated key in it.
 *
 * @param store the store name, as configured
 * @param key   the object key, validated by {@link dev.stowage.Keys#validate}
 */
public record SourceRef(String store, String key) {
    public SourceRef {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(key, "key");
    }

    @Override
    public String toString() {
        return store + "/" + key;
    }
}
