package dev.stowage.testkit;

import dev.stowage.BlobStore;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;

/**
 * The conformance contract every driver passes. A driver's test class extends this and implements
 * {@link #openStore(String)}; every test then runs against a fresh, empty namespace of that driver's real server
 * or emulator. What a store cannot do (per its {@link dev.stowage.Capabilities}) is skipped with the reason.
 *
 * <pre>{@code
 * class LocalConformanceTest extends BlobStoreContract {
 *     @TempDir static Path root;
 *     protected BlobStore openStore(String namespace) {
 *         return BlobStores.open(root.resolve(namespace).toUri().toString());
 *     }
 * }
 * }</pre>
 */
public abstract class BlobStoreContract implements KeyContract, PutGetContract, RangeContract, StatContract,
        ListContract, DeleteContract, CopyContract, MetadataContract, ConditionalContract, UrlContract,
        ConcurrencyContract, LayerContract {

    private BlobStore store;

    /**
     * Opens the store under test rooted at {@code namespace}, a fresh name (letters, digits and '-') that no other
     * test uses: a folder inside the bucket, container or server root. Each call opens a new store; the contract
     * closes it after the test.
     */
    protected abstract BlobStore openStore(String namespace) throws Exception;

    @BeforeEach
    final void openFreshNamespace(TestInfo info) throws Exception {
        String test = info.getTestMethod().map(m -> m.getName()).orElse("test");
        String clean = test.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
        String ns = "t-" + clean.substring(0, Math.min(clean.length(), 24)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        store = openStore(ns);
    }

    @AfterEach
    final void cleanUpNamespace() {
        if (store == null) {
            return;
        }
        try {
            if (!store.capabilities().readOnly()) {
                List<String> keys;
                try (var s = store.list(ListOptions.all())) {
                    keys = s.filter(e -> !e.isPrefix()).map(ListEntry::key).toList();
                }
                keys.forEach(store::delete);
            }
        } catch (RuntimeException ignored) {
            // best effort: a failing store must not hide the test's own failure
        } finally {
            store.close();
            store = null;
        }
    }

    @Override
    public final BlobStore store() {
        return store;
    }

    /** Opens another store on the same namespace, for tests that need two clients. */
    protected BlobStore openAnother(String namespace) throws Exception {
        return openStore(namespace);
    }
}
