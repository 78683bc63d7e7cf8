/** The Azure Blob Storage driver ({@code azure://account/container/folder} URIs). */
module dev.stowage.azure {
    requires dev.stowage.api;
    requires com.azure.core;
    requires com.azure.storage.common;
    requires com.azure.storage.blob;
    requires com.azure.identity;

    exports dev.stowage.azure;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.azure.AzureProvider;
}
