package dev.stowage.b2;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.B2Fake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The B2 driver against the whole conformance kit, served by {@link B2Fake}: a fake of B2's native API written to
 * its published reference, not the real service. The bucket is private, so signed URLs (download authorizations)
 * are what a browser would use.
 */
class B2FakeConformanceTest extends BlobStoreContract {
    static B2Fake fake;

    @BeforeAll
    static void startFake() {
        fake = B2Fake.start("key-id", "app-key", "stowage-test", "allPrivate");
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open("b2://stowage-test/" + namespace + "?authorizeUrl=" + fake.baseUrl()
                + "&applicationKeyId=key-id&applicationKey=app-key&maxRetries=0");
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open("b2://stowage-test/" + namespace + "?authorizeUrl=" + fake.baseUrl()
                + "&applicationKeyId=key-id&applicationKey=app-key&maxRetries=0" + "&publicUrlBase=" + publicUrlBase);
    }
}
