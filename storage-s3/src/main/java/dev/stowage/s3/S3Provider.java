package dev.stowage.s3;

import dev.stowage.StoreConfig;
import dev.stowage.s3.internal.S3Driver;
import dev.stowage.s3.internal.S3Settings;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Opens AWS S3 buckets and buckets of S3-compatible services (MinIO, Wasabi, DigitalOcean Spaces, Ceph, R2):
 * {@code s3://bucket/folder?region=eu-west-1}, or {@code s3://bucket?endpoint=http://127.0.0.1:9000&pathStyle=true}.
 * Without {@code accessKey}/{@code secretKey} the AWS default credential chain is used.
 * The URI path is a folder inside the bucket, applied by the portable layer.
 */
public final class S3Provider implements BlobStoreProvider {
    /** Every option this provider understands; see the README's option table. */
    public static final Set<String> OPTIONS = Set.of("region", "endpoint", "pathStyle", "accessKey", "secretKey",
            "sessionToken", "anonymous", "maxAttempts", "partSize", "partSizeMiB", "uploadConcurrency", "multipartThresholdMiB",
            "maxConnections", "conditionalWrites", "requestTimeout", "md5Etags");

    @Override
    public Set<String> schemes() {
        return Set.of("s3");
    }

    @Override
    public Set<String> options() {
        return OPTIONS;
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        return new S3Driver(S3Settings.from(config));
    }
}
