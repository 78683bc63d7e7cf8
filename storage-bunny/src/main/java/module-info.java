/**
 * The Bunny Storage driver ({@code bunny://zone/folder?accessKey=...}): bunny.net Edge Storage over its HTTP API,
 * with the JDK HTTP client.
 */
module dev.stowage.bunny {
    requires dev.stowage.api;
    requires java.net.http;

    exports dev.stowage.bunny;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.bunny.BunnyProvider;
}
