/** The Google Cloud Storage driver ({@code gs://bucket/folder} URIs). */
module dev.stowage.gcs {
    requires dev.stowage.api;
    requires transitive google.cloud.storage;
    requires google.cloud.core;
    requires google.cloud.core.http;
    requires com.google.api.client;
    requires gax;
    requires com.google.auth;
    requires com.google.auth.oauth2;

    exports dev.stowage.gcs;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.gcs.GcsProvider;
}
