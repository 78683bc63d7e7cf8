package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.StoreConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One side of a copy or sync and the key (or folder, "" or ending in '/') on it.
 *
 * @param endpoint the store or local folder
 * @param key      the object's key, or the folder, relative to the endpoint's root
 */
record Side(Endpoint endpoint, String key) {
    /**
     * Opens the side a location names.
     *
     * @param folder      whether the location is a folder (else an object, whose parent is the local root)
     * @param followLinks for a local folder: whether symbolic links in it are followed
     * @param reading     whether this side is only read: a local folder that does not exist is then an error
     *                    instead of being created by opening it
     */
    static Side open(StowageCommand top, Location loc, boolean folder, boolean followLinks, boolean reading) {
        if (loc.kind() == Location.Kind.LOCAL) {
            if (folder) {
                return new Side(new LocalEndpoint(namedFolder(loc.path()), followLinks), "");
            }
            // a file named on the command line is read even when it is a link: the user chose it
            return new Side(new LocalEndpoint(loc.path().getParent(), true), loc.path().getFileName().toString());
        }
        if (reading) {
            requireExistingLocalRoot(top, loc, Operation.LIST);
        }
        BlobStore store = top.session().open(loc);
        String label = loc.kind() == Location.Kind.NAMED ? loc.storeName() + ":"
                : store.name().endsWith("/") ? store.name() : store.name() + "/";
        return new Side(new StoreEndpoint(store, label), loc.key());
    }

    /** A configured store's settings, or {@code null} when they do not resolve (opening it then says why). */
    private static StoreConfig configured(StowageCommand top, Location loc) {
        try {
            return top.registry().config(loc.storeName()).map(StoreConfig::resolveSecrets).orElse(null);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /**
     * The folder the user named; when that is itself a link to a folder, the folder it points to (the user chose
     * it, so it is followed, while links inside it are not unless -L).
     */
    private static Path namedFolder(Path path) {
        try {
            return Files.isSymbolicLink(path) && Files.isDirectory(path) ? path.toRealPath() : path;
        } catch (IOException e) {
            return path; // listing it reports the problem
        }
    }

    /**
     * A {@code file:} store opened at a folder that does not exist would create it (its {@code create} option
     * defaults to true); a command that only reads must not leave folders behind, so it stops here instead.
     * A configured store is checked only for reads of one object ({@code stat}, {@code cat}): listing a configured
     * store whose folder is not there yet lists nothing, as before.
     */
    static void requireExistingLocalRoot(StowageCommand top, Location loc, Operation operation) {
        StoreConfig config = switch (loc.kind()) {
            case URI -> loc.store();
            case NAMED -> operation == Operation.STAT || operation == Operation.GET ? configured(top, loc) : null;
            case LOCAL -> null;
        };
        if (config == null || !(config.scheme().equals("file") || config.scheme().equals("fs"))
                || config.path().isEmpty()) {
            return;
        }
        if (!Files.isDirectory(Path.of(config.path()))) {
            String where = loc.kind() == Location.Kind.NAMED ? loc.storeName() : config.toSafeUri();
            throw StorageException.builder(ErrorCode.NOT_FOUND, "no such folder: " + config.path())
                    .store(where).operation(operation).key(loc.key().isEmpty() ? null : loc.key()).build();
        }
    }
}
