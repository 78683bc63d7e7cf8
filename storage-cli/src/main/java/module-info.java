/**
 * The {@code stowage} command: list, copy, read, delete and map objects in any configured store, and serve
 * transformed images from them. Drivers are found through {@link java.util.ServiceLoader}; adding a driver
 * module is all it takes to reach its scheme.
 */
module dev.stowage.cli {
    requires dev.stowage.api;
    requires info.picocli;

    // picocli reads the command classes' annotated fields reflectively
    opens dev.stowage.cli to info.picocli;

    uses dev.stowage.spi.BlobStoreProvider;

    // stowage serve: a shell over the image gateway library
    requires dev.stowage.gateway;
    opens dev.stowage.cli.gateway to info.picocli;
}
