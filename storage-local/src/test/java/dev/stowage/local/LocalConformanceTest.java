package dev.stowage.local;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The local driver against the whole conformance kit, each test in a fresh folder. */
class LocalConformanceTest extends BlobStoreContract {
    @TempDir
    static Path root;

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(root.resolve(namespace).toUri().toString());
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open(root.resolve(namespace).toUri() + "?publicUrlBase="
                + URLEncoder.encode(publicUrlBase, StandardCharsets.UTF_8));
    }
}
