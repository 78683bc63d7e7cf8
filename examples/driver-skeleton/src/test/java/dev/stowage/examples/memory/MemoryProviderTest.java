package dev.stowage.examples.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import org.junit.jupiter.api.Test;

/** What the provider adds to the driver: its scheme is installed, and its options are checked by name. */
class MemoryProviderTest {
    @Test
    void theSchemeIsFoundThroughServiceLoader() {
        assertThat(BlobStores.installedSchemes()).contains("mem");
    }

    @Test
    void twoStoresOnOneBucketShareItsObjects() {
        try (BlobStore a = BlobStores.open("mem://shared/f"); BlobStore b = BlobStores.open("mem://shared/f")) {
            a.put("k.txt", new byte[] {1, 2, 3});
            assertThat(b.getBytes("k.txt")).containsExactly(1, 2, 3);
        }
    }

    @Test
    void anObjectOverMaxBytesIsRefusedSayingWhichOption() {
        try (BlobStore small = BlobStores.open("mem://small?maxBytes=4")) {
            assertThatThrownBy(() -> small.put("big", new byte[5])).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                    .hasMessageContaining("maxBytes");
        }
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        assertThatThrownBy(() -> BlobStores.open("mem://b?colour=blue")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED)).hasMessageContaining("colour");
    }
}
