package dev.stowage.spi;

import dev.stowage.StoreConfig;
import java.util.Set;

/**
 * A backend's entry point, found through {@link java.util.ServiceLoader}: it names the URI schemes it serves
 * and opens a {@link BlobStoreDriver} from a {@link StoreConfig}.
 *
 * <p>Declare it in {@code module-info.java} ({@code provides dev.stowage.spi.BlobStoreProvider with ...}) and in
 * {@code META-INF/services/dev.stowage.spi.BlobStoreProvider} so that class-path users find it too.
 */
public interface BlobStoreProvider {

    /** URI schemes this provider serves, lower-case (e.g. {@code s3}, {@code file}). */
    Set<String> schemes();

    /**
     * The option names this provider understands, beyond the ones every store has
     * ({@link StoreConfig#COMMON_OPTIONS}). Any other option is refused as MISCONFIGURED before opening.
     */
    Set<String> options();

    /** What the path of this provider's URIs names; object stores by default. */
    default PathRole pathRole() {
        return PathRole.KEY_PREFIX;
    }

    /**
     * The part of the configuration's path that the portable layer applies as a key prefix (a folder inside a
     * bucket), as {@link #pathRole()} says: the whole path, none of it, or what follows the container.
     */
    default String keyPrefix(StoreConfig config) {
        return switch (pathRole()) {
            case KEY_PREFIX -> config.path();
            case ROOT_FOLDER -> "";
            case CONTAINER_THEN_KEY_PREFIX -> {
                String folder = config.folder();
                int slash = folder.indexOf('/');
                yield slash < 0 ? "" : folder.substring(slash + 1);
            }
        };
    }

    /** What the path of a store's URI names, so that tools can tell a store's address from a key in it. */
    enum PathRole {
        /** A folder of keys in the bucket the host names (object stores): {@code s3://bucket/folder}. */
        KEY_PREFIX,
        /** The root folder itself (file systems, file servers): {@code sftp://host/srv/images}. */
        ROOT_FOLDER,
        /** A container (the first segment), then a folder of keys in it: {@code azure://account/container/folder}. */
        CONTAINER_THEN_KEY_PREFIX
    }

    /**
     * Opens a driver. Configuration errors are thrown as a {@link dev.stowage.StorageException} with
     * {@link dev.stowage.ErrorCode#MISCONFIGURED} naming the option and how to fix it, before any I/O where possible.
     */
    BlobStoreDriver open(StoreConfig config) throws Exception;
}
