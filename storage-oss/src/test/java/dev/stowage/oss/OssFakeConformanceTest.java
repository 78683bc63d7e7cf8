package dev.stowage.oss;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.OssFake;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The OSS driver against the whole conformance kit, served by {@link OssFake}: a fake written to the published OSS
 * API reference, not the real service.
 */
class OssFakeConformanceTest extends BlobStoreContract {
    static OssFake fake;

    @BeforeAll
    static void startFake() {
        fake = OssFake.start("stowage-test", "test-id", "test-secret");
    }

    @AfterAll
    static void stopFake() {
        fake.close();
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open("oss://stowage-test/" + namespace + "?endpoint=" + fake.baseUrl()
                + "&accessKeyId=test-id&accessKeySecret=test-secret&maxRetries=0");
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open("oss://stowage-test/" + namespace + "?endpoint=" + fake.baseUrl()
                + "&accessKeyId=test-id&accessKeySecret=test-secret&maxRetries=0" + "&publicUrlBase=" + publicUrlBase);
    }

    /** The fake's bucket is public-read, as a bucket behind a CDN is. */
    @Override
    protected boolean publicUrlsAreServed() {
        return true;
    }
}
