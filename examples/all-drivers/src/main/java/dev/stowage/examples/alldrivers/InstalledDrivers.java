package dev.stowage.examples.alldrivers;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.util.stream.Stream;

/**
 * An application with every Stowage driver on its class path: prints the schemes it can open and, given a store
 * URI, the keys at that store's root. The point of the module is its build: the parent's dependencyConvergence
 * rule fails it if the drivers' SDKs disagree on the version of any library they share.
 */
public final class InstalledDrivers {
    private InstalledDrivers() {
    }

    /**
     * Prints the installed schemes, then lists the first store given.
     *
     * @param args an optional store URI, e.g. {@code file:///srv/images}
     */
    public static void main(String[] args) {
        System.out.println("installed schemes: " + String.join(", ", BlobStores.installedSchemes()));
        if (args.length > 0) {
            try (BlobStore store = BlobStores.open(args[0]);
                 Stream<ListEntry> entries = store.list(ListOptions.builder().delimiter("/").build())) {
                entries.forEach(e -> System.out.println(e.key()));
            }
        }
    }
}
