package dev.stowage.local;

import dev.stowage.StoreConfig;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Set;

/**
 * Opens local folders as stores: {@code file:///srv/images}, {@code file:relative/folder} or {@code fs:/srv/images}.
 * Option {@code create} (default true) creates the folder when it is missing; {@code fsync} (default false) flushes
 * each write to the disk before a put returns.
 */
public final class LocalProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("file", "fs");
    }

    @Override
    public Set<String> options() {
        return Set.of("create", "fsync");
    }

    @Override
    public PathRole pathRole() {
        return PathRole.ROOT_FOLDER; // the URI path is the root folder itself
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) throws IOException {
        if (!config.host().isEmpty() && !config.host().equals("localhost")) {
            throw config.misconfigured("a file: URI names a local folder, but this one has host '" + config.host()
                    + "'; write file:///absolute/path (three slashes) or file:relative/path");
        }
        if (config.path().isEmpty()) {
            throw config.misconfigured("a file: URI needs a folder, e.g. file:///srv/images or file:data");
        }
        Path root;
        try {
            root = Path.of(config.path()).toAbsolutePath().normalize();
        } catch (InvalidPathException e) {
            throw config.misconfigured("'" + config.path() + "' is not a valid path: " + e.getReason());
        }
        boolean fsync = config.booleanOption("fsync", false); // checked before the folder is touched
        if (!Files.isDirectory(root)) {
            if (Files.exists(root)) {
                throw config.misconfigured("'" + root + "' exists but is not a folder");
            }
            if (!config.booleanOption("create", true)) {
                throw config.misconfigured("folder '" + root + "' does not exist; create it or drop create=false");
            }
            Files.createDirectories(root);
        }
        return new LocalDriver(root, fsync);
    }
}
