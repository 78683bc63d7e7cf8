package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.testkit.BlobStoreContract;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local driver with {@code fsync=true} against the whole conformance kit: every write, metadata record and
 * delete takes the flushing path (file and folders forced to the disk) and must behave exactly as without it.
 */
class LocalFsyncConformanceTest extends BlobStoreContract {
    @TempDir
    static Path root;

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(root.resolve(namespace).toUri() + "?fsync=true");
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open(root.resolve(namespace).toUri() + "?fsync=true&publicUrlBase="
                + URLEncoder.encode(publicUrlBase, StandardCharsets.UTF_8));
    }

    @Test
    void fsyncThatIsNotABooleanIsRefusedBeforeTheFolderIsTouched() {
        Path folder = root.resolve("never-made");
        assertThatThrownBy(() -> BlobStores.open(folder.toUri() + "?fsync=always"))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    org.assertj.core.api.Assertions.assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
                    org.assertj.core.api.Assertions.assertThat(e.getMessage()).contains("fsync");
                });
        org.assertj.core.api.Assertions.assertThat(folder).doesNotExist();
    }
}
