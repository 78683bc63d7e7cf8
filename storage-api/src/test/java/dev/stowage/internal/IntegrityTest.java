package dev.stowage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The portable layer's checks of what a driver reports stored and of whole reads. */
class IntegrityTest {
    private final MemoryDriver driver = new MemoryDriver();
    private final PortableBlobStore store = new PortableBlobStore("mem", driver, "root", null);

    @Test
    void writeStoredWithOtherBytesFailsAsCorruptDataAndIsRemoved() {
        driver.reportMd5 = true;
        driver.mangleWrites = true;
        assertThatThrownBy(() -> store.put("a.txt", "hello".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                    assertThat(e.key()).isEqualTo("a.txt");
                    assertThat(e.store()).isEqualTo("mem");
                    assertThat(e.getMessage()).contains("MD5").contains("removed");
                });
        assertThat(driver.data).doesNotContainKey("root/a.txt");
        assertThat(driver.deletes).hasValue(1);
    }

    @Test
    void oneShotStreamOfUnknownLengthIsCheckedToo() {
        driver.reportMd5 = true;
        driver.mangleWrites = true;
        assertThatThrownBy(() -> store.put("s.bin", ContentSource.ofStream(new ByteArrayInputStream(new byte[100]),
                ContentSource.UNKNOWN_LENGTH), PutOptions.defaults()))
                .isInstanceOfSatisfying(StorageException.class,
                        e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        assertThat(driver.data).isEmpty();
    }

    @Test
    void writeWithoutReportedDigestsIsCheckedBySizeOnlyAndPasses() {
        driver.mangleWrites = true; // same size, no digest: nothing can tell
        store.put("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(driver.deletes).hasValue(0);
    }

    @Test
    void faithfulWriteReportsTheServersDigest() {
        driver.reportMd5 = true;
        var info = store.put("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        assertThat(info.digests().get(dev.stowage.DigestAlgorithm.MD5)).contains("5d41402abc4b2a76b9719d911017c592");
    }

    @Test
    void wholeReadNotMatchingTheReportedDigestFailsAtItsEnd() throws Exception {
        driver.reportMd5 = true;
        store.put("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
        driver.data.get("root/a.txt")[1] ^= 1; // damaged at rest; the digest reported still says "hello"
        driver.reportMd5 = false;
        // the driver reports digests of what it holds now, so make it report the original one
        MemoryDriver stale = new MemoryDriver() {
            @Override
            public BlobInputStream get(String key, ByteRange range) {
                BlobInputStream in = driver.get(key, range);
                return new BlobInputStream(in, in.info().withDigests(dev.stowage.Digests.of(
                        dev.stowage.DigestAlgorithm.MD5, "5d41402abc4b2a76b9719d911017c592")), range);
            }
        };
        PortableBlobStore reading = new PortableBlobStore("mem", stale, "root", null);
        try (BlobInputStream in = reading.get("a.txt")) {
            assertThatThrownBy(in::readAllBytes).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA));
        }
        // with verifyReads=false the same read is not checked
        try (BlobInputStream in = new PortableBlobStore("mem", stale, "root", null, false).get("a.txt")) {
            assertThat(in.readAllBytes()).hasSize(5);
        }
        // a range is not checked against a whole-object digest
        try (BlobInputStream in = reading.get("a.txt", ByteRange.of(1, 2))) {
            assertThat(in.readAllBytes()).hasSize(2);
        }
    }
}
