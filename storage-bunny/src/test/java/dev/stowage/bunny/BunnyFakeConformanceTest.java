package dev.stowage.bunny;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.BunnyFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The Bunny driver against the whole conformance kit, served by {@link BunnyFake}: a fake of the Edge Storage HTTP API
 * written to its published reference, not the real service.
 */
class BunnyFakeConformanceTest extends BlobStoreContract {
    static BunnyFake fake;

    @BeforeAll
    static void startFake() {
        fake = BunnyFake.start("stowage-test", "zone-password");
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open("bunny://stowage-test/" + namespace + "?endpoint=" + fake.baseUrl()
                + "&accessKey=zone-password");
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open("bunny://stowage-test/" + namespace + "?endpoint=" + fake.baseUrl()
                + "&accessKey=zone-password&publicUrlBase=" + publicUrlBase);
    }
}
