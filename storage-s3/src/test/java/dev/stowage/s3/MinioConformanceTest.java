package dev.stowage.s3;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import org.junit.jupiter.api.BeforeAll;
import org.testcontainers.containers.MinIOContainer;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * The S3 driver against the whole conformance kit on a real MinIO server, where a Docker engine exists
 * (skipped otherwise). MinIO honours If-None-Match / If-Match on writes, so conditional writes are claimed.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioConformanceTest extends BlobStoreContract {
    private static final String BUCKET = "conformance";

    @Container
    static final MinIOContainer MINIO = new MinIOContainer("minio/minio:RELEASE.2025-04-22T22-12-26Z");

    private static String uri(String folder) {
        return "s3://" + BUCKET + "/" + folder + "?endpoint=" + MINIO.getS3URL() + "&region=us-east-1&pathStyle=true"
                + "&accessKey=" + MINIO.getUserName() + "&secretKey=" + MINIO.getPassword() + "&conditionalWrites=true";
    }

    @BeforeAll
    static void createBucket() {
        try (BlobStore store = BlobStores.open(uri(""))) {
            store.unwrap(S3Client.class).orElseThrow().createBucket(b -> b.bucket(BUCKET));
        }
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(uri(namespace));
    }
}
