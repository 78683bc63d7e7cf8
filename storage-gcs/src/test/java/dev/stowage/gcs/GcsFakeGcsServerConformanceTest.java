package dev.stowage.gcs;

import com.google.cloud.NoCredentials;
import com.google.cloud.storage.BucketInfo;
import com.google.cloud.storage.StorageOptions;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The GCS driver against the whole conformance kit on fake-gcs-server (a JSON API emulator) in a container.
 * Runs where a Docker engine is available and is skipped otherwise.
 */
@Testcontainers(disabledWithoutDocker = true)
class GcsFakeGcsServerConformanceTest extends BlobStoreContract {
    static final String BUCKET = "stowage";

    @Container
    static final GenericContainer<?> SERVER = new GenericContainer<>("fsouza/fake-gcs-server:1.52.2")
            .withCommand("-scheme", "http", "-port", "4443").withExposedPorts(4443);

    static String endpoint() {
        return "http://" + SERVER.getHost() + ":" + SERVER.getMappedPort(4443);
    }

    @BeforeAll
    static void createBucket() throws Exception {
        try (var storage = StorageOptions.http().setHost(endpoint()).setProjectId("test")
                .setCredentials(NoCredentials.getInstance()).build().getService()) {
            storage.create(BucketInfo.of(BUCKET));
        }
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open("gs://" + BUCKET + "/" + namespace + "?endpoint=" + endpoint()
                + "&noCredentials=true&project=test");
    }
}
