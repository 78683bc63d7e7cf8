package dev.stowage.azure;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.StoreConfig;
import dev.stowage.testkit.BlobStoreContract;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

/**
 * The Azure driver against the whole conformance kit on real Azure Blob Storage. Runs only when
 * {@code STOWAGE_AZURE_LIVE_URI} is set to an existing container, e.g. {@code azure://myaccount/stowage-ci} (the
 * default Azure credential chain: managed identity, workload identity, environment, Azure CLI) or
 * {@code azure://myaccount/stowage-ci/run?accountKey=${env:AZURE_STORAGE_KEY}}; each test works in a fresh folder
 * below the URI's folder and deletes what it wrote.
 */
@EnabledIfEnvironmentVariable(named = "STOWAGE_AZURE_LIVE_URI", matches = "azure://[^/]+/.+")
class AzureLiveConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(config(namespace));
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open(config(namespace).withOption("publicUrlBase", publicUrlBase));
    }

    private static StoreConfig config(String namespace) {
        StoreConfig base = StoreConfig.parse(System.getenv("STOWAGE_AZURE_LIVE_URI"));
        // the folder starts with the container, so the namespace always goes below it
        String folder = base.folder() + "/" + namespace;
        return new StoreConfig(null, base.scheme(), base.host(), base.port(), base.user(), folder, base.options());
    }
}
