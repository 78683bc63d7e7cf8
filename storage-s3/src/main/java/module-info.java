/** AWS S3 and S3-compatible object stores ({@code s3:} URIs) through AWS SDK for Java v2. */
module dev.stowage.s3 {
    requires dev.stowage.api;
    requires software.amazon.awssdk.services.s3;
    requires software.amazon.awssdk.core;
    requires software.amazon.awssdk.awscore;
    requires software.amazon.awssdk.auth;
    requires software.amazon.awssdk.regions;
    requires software.amazon.awssdk.http;
    requires software.amazon.awssdk.http.apache;
    requires software.amazon.awssdk.retries;
    requires software.amazon.awssdk.retries.api;
    requires software.amazon.awssdk.utils;

    exports dev.stowage.s3;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.s3.S3Provider;
}
