package dev.stowage.gcs;

import com.google.cloud.storage.Storage;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import java.util.Objects;

/**
 * Opens a store over a {@link Storage} client the application already has (its own credentials, transport or
 * retry settings, or an in-memory fake in tests). The configuration still supplies the bucket, the folder and
 * the common options; the client is not closed with the store, since its creator owns it.
 */
public final class GcsStores {
    private GcsStores() {
    }

    /** Opens {@code config} (a {@code gs:} configuration) on {@code storage}. */
    public static BlobStore open(Storage storage, StoreConfig config) {
        Objects.requireNonNull(storage, "storage");
        Objects.requireNonNull(config, "config");
        if (!config.scheme().equals("gs")) {
            throw new IllegalArgumentException("a gs: configuration is needed, got scheme '" + config.scheme() + "'");
        }
        // BlobStores.open finds GcsProvider through ServiceLoader; the client travels on this thread only.
        GcsProvider.INJECTED.set(storage);
        try {
            return BlobStores.open(config);
        } finally {
            GcsProvider.INJECTED.remove();
        }
    }

    /** Opens the store URI {@code gs://bucket/folder?...} on {@code storage}. */
    public static BlobStore open(Storage storage, String uri) {
        return open(storage, StoreConfig.parse(uri));
    }
}
