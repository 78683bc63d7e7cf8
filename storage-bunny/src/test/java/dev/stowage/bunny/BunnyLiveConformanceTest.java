package dev.stowage.bunny;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.BlobStoreContract;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Bunny driver against the whole conformance kit on the real service, when a storage zone is given:
 * {@code STOWAGE_BUNNY_ZONE}, {@code STOWAGE_BUNNY_ACCESS_KEY} (the zone's password) and optionally
 * {@code STOWAGE_BUNNY_REGION} (de, uk, ny, la, sg, se, br, jh, syd). Skipped otherwise. Each test writes under its
 * own folder and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "STOWAGE_BUNNY_ZONE", matches = ".+")
class BunnyLiveConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(config(namespace, Map.of()));
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open(config(namespace, Map.of("publicUrlBase", publicUrlBase)));
    }

    private static StoreConfig config(String namespace, Map<String, String> extra) {
        Map<String, String> options = new LinkedHashMap<>(extra);
        options.put("accessKey", "${env:STOWAGE_BUNNY_ACCESS_KEY}");
        String region = System.getenv("STOWAGE_BUNNY_REGION");
        if (region != null && !region.isBlank()) {
            options.put("region", region);
        }
        return new StoreConfig("bunny-live", "bunny", System.getenv("STOWAGE_BUNNY_ZONE"), -1, null,
                "stowage-conformance/" + namespace, options).resolveSecrets();
    }
}
