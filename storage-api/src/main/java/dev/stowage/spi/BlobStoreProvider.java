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

    /**
     * The part of the configuration's path that the portable layer applies as a key prefix (a folder inside a
     * bucket). Object stores return the whole path (the default); file servers, which use the path as their
     * root directory, return "".
     */
    default String keyPrefix(StoreConfig config) {
        return config.path();
    }

    /**
     * Opens a driver. Configuration errors are thrown as a {@link dev.stowage.StorageException} with
     * {@link dev.stowage.ErrorCode#MISCONFIGURED} naming the option and how to fix it, before any I/O where possible.
     */
    BlobStoreDriver open(StoreConfig config) throws Exception;
}
