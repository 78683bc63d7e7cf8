package dev.stowage.gcs;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.BlobStoreContract;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The GCS driver against the whole conformance kit on real Google Cloud Storage. Runs only when
 * {@code STOWAGE_GCS_LIVE_URI} is set, e.g. {@code gs://my-test-bucket/stowage-ci?credentialsFile=/path/key.json};
 * each test works in a fresh folder below the URI's folder and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "STOWAGE_GCS_LIVE_URI", matches = "gs://.+")
class GcsLiveConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        StoreConfig base = StoreConfig.parse(System.getenv("STOWAGE_GCS_LIVE_URI"));
        String folder = base.folder().isEmpty() ? namespace : base.folder() + "/" + namespace;
        return BlobStores.open(new StoreConfig(null, base.scheme(), base.host(), base.port(), base.user(), folder,
                base.options()));
    }
}
