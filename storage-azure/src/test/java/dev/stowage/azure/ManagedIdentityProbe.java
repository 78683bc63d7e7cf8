package dev.stowage.azure;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

/**
 * Opens an Azure store with the credential the environment provides and works on it, printing one line per step
 * for {@link AzureManagedIdentityTest}, which runs it in a child JVM because the managed identity endpoint is read
 * from environment variables. Prints {@code error <code>} and {@code message <message>} when the store fails.
 *
 * <p>Argument: the store URI. The store is left holding {@code kept.txt}.
 */
public final class ManagedIdentityProbe {
    private ManagedIdentityProbe() {
    }

    public static void main(String[] args) throws IOException {
        try (BlobStore store = BlobStores.open(args[0])) {
            byte[] hello = "hello identity".getBytes(StandardCharsets.UTF_8);
            System.out.println("put " + store.put("probe.txt", ContentSource.ofBytes(hello), PutOptions.defaults())
                    .size());
            try (BlobInputStream in = store.get("probe.txt")) {
                System.out.println("get " + new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
            store.put("kept.txt", ContentSource.ofBytes("kept".getBytes(StandardCharsets.UTF_8)),
                    PutOptions.defaults());
            System.out.println("list " + store.list(ListOptions.all()).map(ListEntry::key)
                    .collect(Collectors.joining(",")));
            store.delete("probe.txt");
            System.out.println("exists after delete " + store.exists("probe.txt"));
        } catch (StorageException e) {
            System.out.println("error " + e.code());
            System.out.println("message " + e.getMessage());
            // the whole chain, causes included, so that the parent can check no secret is in any message
            e.printStackTrace(System.out);
        }
    }
}
