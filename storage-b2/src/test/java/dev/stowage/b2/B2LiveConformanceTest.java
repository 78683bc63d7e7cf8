package dev.stowage.b2;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.BlobStoreContract;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The B2 driver against the whole conformance kit on the real service, when credentials are given:
 * {@code STOWAGE_B2_BUCKET}, {@code B2_APPLICATION_KEY_ID} and {@code B2_APPLICATION_KEY}. Skipped otherwise.
 * Each test writes under its own folder and deletes what it wrote (every version).
 */
@EnabledIfEnvironmentVariable(named = "STOWAGE_B2_BUCKET", matches = ".+")
class B2LiveConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(new StoreConfig("b2-live", "b2", System.getenv("STOWAGE_B2_BUCKET"), -1, null,
                "stowage-conformance/" + namespace, Map.of()));
    }
}
