package dev.stowage.azure;

import dev.stowage.StoreConfig;
import dev.stowage.azure.internal.AzureClients;
import dev.stowage.azure.internal.AzureDriver;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Opens Azure Blob Storage containers as stores: {@code azure://account/container/folder}. The URI host is the
 * storage account, the first path segment the container, the rest a folder inside it.
 *
 * <p>Credentials, in this order: {@code connectionString}, {@code accountKey}, {@code sasToken}; with none of them
 * the default Azure credential chain (managed identity, workload identity, environment, Azure CLI) is used, with
 * the user-assigned managed identity named by {@code managedIdentityClientId} when that option is given.
 * {@code endpoint} points at an emulator (Azurite) or a sovereign cloud.
 */
public final class AzureProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("azure");
    }

    @Override
    public Set<String> options() {
        return AzureClients.OPTIONS;
    }

    /** The path is the container, then a folder in it: {@code /container/a/b} gives the key prefix {@code a/b}. */
    @Override
    public PathRole pathRole() {
        return PathRole.CONTAINER_THEN_KEY_PREFIX;
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        AzureClients clients = AzureClients.create(config);
        return new AzureDriver(clients);
    }
}
