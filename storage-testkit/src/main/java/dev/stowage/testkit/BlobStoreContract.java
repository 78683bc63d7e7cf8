package dev.stowage.testkit;

import dev.stowage.BlobStore;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.Timeout;

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
 *
 * <p>Optional hooks: {@link #openStoreWithPublicUrlBase} (public URL mapping checks) and
 * {@link #publicUrlsAreServed()} (fetch public URLs over HTTP).
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
public abstract class BlobStoreContract implements KeyContract, PutGetContract, RangeContract, StatContract,
        ListContract, DeleteContract, CopyContract, MetadataContract, ConditionalContract, UrlContract,
        ConcurrencyContract, LayerContract, IntegrityContract, DriverContract {

    private BlobStore store;
    private String namespace;
    // Extra clients opened by a test; closed with the main store after it.
    private final List<BlobStore> extraStores = new ArrayList<>();

    /**
     * Opens the store under test rooted at {@code namespace}, a fresh name (letters, digits and '-') that no other
     * test uses: a folder inside the bucket, container or server root. Each call opens a new store; the contract
     * closes it after the test.
     */
    protected abstract BlobStore openStore(String namespace) throws Exception;

    /**
     * Opens a store on {@code namespace} configured with the {@code publicUrlBase} option, or returns {@code null}
     * (the default) when the driver's test does not support it; the public URL mapping tests are then skipped.
     */
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) throws Exception {
        return null;
    }

    /**
     * Whether the store's public URLs are served over HTTP by the server under test, so that the kit can fetch
     * them. Off by default: most emulators do not serve anonymous reads.
     */
    protected boolean publicUrlsAreServed() {
        return false;
    }

    @BeforeEach
    final void openFreshNamespace(TestInfo info) throws Exception {
        String test = info.getTestMethod().map(m -> m.getName()).orElse("test");
        String clean = test.replaceAll("[^A-Za-z0-9]", "").toLowerCase(java.util.Locale.ROOT);
        namespace = "t-" + clean.substring(0, Math.min(clean.length(), 24)) + "-"
                + UUID.randomUUID().toString().substring(0, 8);
        store = openStore(namespace);
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
            for (BlobStore extra : extraStores) {
                try {
                    extra.close();
                } catch (RuntimeException ignored) {
                    // best effort, as above
                }
            }
            extraStores.clear();
            store.close();
            store = null;
        }
    }

    @Override
    public final BlobStore store() {
        return store;
    }

    @Override
    public final String namespace() {
        return namespace;
    }

    @Override
    public final BlobStore anotherClient() {
        try {
            return track(openAnother(namespace));
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a second client on namespace " + namespace, e);
        }
    }

    @Override
    public final Optional<BlobStore> storeWithPublicUrlBase(String publicUrlBase) {
        try {
            return Optional.ofNullable(openStoreWithPublicUrlBase(namespace, publicUrlBase)).map(this::track);
        } catch (Exception e) {
            throw new IllegalStateException("cannot open a store with publicUrlBase " + publicUrlBase, e);
        }
    }

    @Override
    public final boolean servesPublicUrls() {
        return publicUrlsAreServed();
    }

    /** Opens another store on the same namespace, for tests that need two clients. */
    protected BlobStore openAnother(String namespace) throws Exception {
        return openStore(namespace);
    }

    private BlobStore track(BlobStore extra) {
        extraStores.add(extra);
        return extra;
    }
}
