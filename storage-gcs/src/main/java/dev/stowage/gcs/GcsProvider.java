package dev.stowage.gcs;

import com.google.cloud.storage.Storage;
import dev.stowage.StoreConfig;
import dev.stowage.gcs.internal.GcsClient;
import dev.stowage.gcs.internal.GcsDriver;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Opens Google Cloud Storage buckets as stores: {@code gs://bucket/folder}. Credentials come from a
 * service-account JSON file ({@code credentialsFile}), else the application-default chain; {@code noCredentials=true}
 * and {@code endpoint} serve emulators.
 */
public final class GcsProvider implements BlobStoreProvider {
    /** A client handed in by {@link GcsStores#open(Storage, StoreConfig)} for the store being opened on this thread. */
    static final ThreadLocal<Storage> INJECTED = new ThreadLocal<>();

    @Override
    public Set<String> schemes() {
        return Set.of("gs");
    }

    @Override
    public Set<String> options() {
        return GcsClient.OPTIONS;
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) throws Exception {
        Storage injected = INJECTED.get();
        GcsClient client = injected != null ? GcsClient.wrap(config, injected) : GcsClient.create(config);
        return new GcsDriver(client);
    }
}
