package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.testkit.faults.CorruptingDriver;
import java.io.IOException;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * No write is reported as a success when the server stored other bytes, and no read returns other bytes than the
 * server reports for the object: a driver layer corrupts one byte between the portable layer and the driver, and
 * the portable layer's digest checks must catch it. Stores whose backend reports no digest
 * ({@code Capabilities.digests()} empty) are checked by size only and skip these tests.
 */
public interface IntegrityContract extends StoreUnderTest {

    @Test
    default void putReportsTheDigestsOfWhatTheServerStored() {
        assumeCapability(!caps().digests().isEmpty(), "reporting digests of stored objects");
        byte[] data = StoreUnderTest.randomBytes(20_000, 71);
        BlobInfo info = store().put("digested.bin", data);
        assertThat(info.digests().isEmpty()).as("digests reported by put").isFalse();
        assertThat(info.digests().mismatch(digestsOf(data))).as("a reported digest differs from the data's")
                .isEmpty();
        assertThat(info.digests().firstShared(digestsOf(data))).isPresent();
    }

    @Test
    default void writeThatTheServerStoresWithOtherBytesFailsAsCorruptDataAndLeavesNothing() {
        assumeCapability(!caps().digests().isEmpty(), "reporting digests of stored objects");
        byte[] data = StoreUnderTest.randomBytes(20_000, 72);
        BlobStore corrupting = Layers.driver(store(), CorruptingDriver.onWrite(12_345));
        assertThatThrownBy(() -> corrupting.put("corrupt.bin", data))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                    assertThat(e.retryable()).isFalse();
                    assertThat(e.getMessage()).contains("corrupt.bin").contains("removed");
                });
        assertThat(store().exists("corrupt.bin")).as("the corrupt object is removed").isFalse();
    }

    @Test
    default void wholeReadOfOtherBytesThanStoredFailsAsCorruptData() throws IOException {
        assumeCapability(!caps().digests().isEmpty(), "reporting digests of stored objects");
        byte[] data = StoreUnderTest.randomBytes(20_000, 73);
        store().put("read-corrupt.bin", data);
        BlobStore corrupting = Layers.driver(store(), CorruptingDriver.onRead(19_999));
        try (BlobInputStream in = corrupting.get("read-corrupt.bin")) {
            org.junit.jupiter.api.Assumptions.assumeFalse(in.info().digests().isEmpty(),
                    () -> "skipped: " + store().name() + " reports no digest with a read, so reads are checked by "
                            + "length only");
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        }
        // the stored object itself is intact
        assertThat(store().getBytes("read-corrupt.bin")).isEqualTo(data);
    }

    private static Digests digestsOf(byte[] data) {
        Digests all = Digests.none();
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            DigestAlgorithm.Hasher h = a.newHasher();
            h.update(data, 0, data.length);
            all = all.with(a, HexFormat.of().formatHex(h.finish()));
        }
        return all;
    }
}
