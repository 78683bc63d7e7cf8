/**
 * Stowage: one {@link dev.stowage.BlobStore} API over object stores and file servers.
 * Drivers implement {@link dev.stowage.spi.BlobStoreProvider} and are found through {@link java.util.ServiceLoader}.
 */
module dev.stowage.api {
    requires org.yaml.snakeyaml;

    exports dev.stowage;
    exports dev.stowage.spi;
    exports dev.stowage.layer;

    uses dev.stowage.spi.BlobStoreProvider;
}
