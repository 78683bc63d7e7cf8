/** The local filesystem driver ({@code file:} and {@code fs:} URIs): Stowage's embedded default. */
module dev.stowage.local {
    requires dev.stowage.api;

    exports dev.stowage.local;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.local.LocalProvider;
}
