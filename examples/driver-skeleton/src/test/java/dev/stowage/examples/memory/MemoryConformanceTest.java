package dev.stowage.examples.memory;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * The in-memory driver against the whole conformance kit: all a driver's test supplies is a store per namespace
 * (here a folder of one bucket); capabilities decide what is run and what is skipped.
 */
class MemoryConformanceTest extends BlobStoreContract {
    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open("mem://conformance/" + namespace);
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open("mem://conformance/" + namespace + "?publicUrlBase="
                + URLEncoder.encode(publicUrlBase, StandardCharsets.UTF_8));
    }
}
