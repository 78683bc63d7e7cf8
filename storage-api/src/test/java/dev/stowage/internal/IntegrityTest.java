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

    /** A repeatable source whose reads give {@code versions} in turn (the last one from then on). */
    private static ContentSource readsOf(byte[]... versions) {
        java.util.concurrent.atomic.AtomicInteger opens = new java.util.concurrent.atomic.AtomicInteger();
        return new ContentSource() {
            @Override
            public java.io.InputStream open() {
                return new ByteArrayInputStream(versions[Math.min(opens.getAndIncrement(), versions.length - 1)]);
            }

            @Override
            public long length() {
                return versions[0].length;
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }
        };
    }

    private static void readWhole(ContentSource content) throws java.io.IOException {
        try (java.io.InputStream in = content.open()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    private static final String HELLO_MD5 = "5d41402abc4b2a76b9719d911017c592";

    @Test
    void aSourceReadTwiceKeepsTheDigestsOfItsWholeFirstRead() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        Integrity.DigestingSource source = new Integrity.DigestingSource(readsOf(hello),
                java.util.Set.of(dev.stowage.DigestAlgorithm.MD5));
        readWhole(source.content()); // an SDK hashing a signed body
        readWhole(source.content()); // then sending it
        Integrity.Sent sent = source.sent().orElseThrow();
        assertThat(sent.sourceChanged()).isFalse();
        assertThat(sent.size()).isEqualTo(5);
        assertThat(sent.digests().values()).containsOnly(java.util.Map.entry(dev.stowage.DigestAlgorithm.MD5,
                HELLO_MD5));
    }

    @Test
    void aSourceGivingOtherBytesWhenReadAgainMakesThePutCorruptAndRemoved() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        byte[] other = "jello".getBytes(StandardCharsets.UTF_8);
        Integrity.DigestingSource source = new Integrity.DigestingSource(readsOf(hello, other),
                java.util.Set.of(dev.stowage.DigestAlgorithm.MD5));
        readWhole(source.content());
        readWhole(source.content());
        Integrity.Sent sent = source.sent().orElseThrow();
        assertThat(sent.sourceChanged()).isTrue();
        assertThat(Integrity.storedMismatch(sent, dev.stowage.BlobInfo.builder("a").size(5).build()))
                .hasValueSatisfying(m -> assertThat(m).contains("other bytes when it was read again"));

        driver.reportMd5 = true;
        driver.readsTwice = true;
        assertThatThrownBy(() -> store.put("a.txt", readsOf(hello, other), PutOptions.defaults()))
                .isInstanceOfSatisfying(StorageException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
                    assertThat(e.getMessage()).contains("read again").contains("removed");
                });
        assertThat(driver.data).doesNotContainKey("root/a.txt");
        store.put("b.txt", readsOf(hello), PutOptions.defaults()); // read twice, the same bytes: stored
        assertThat(driver.data).containsKey("root/b.txt");
    }

    @Test
    void aReadCutShortIsNotTheReferenceTheNextWholeReadIsHashedInFull() throws Exception {
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        Integrity.DigestingSource source = new Integrity.DigestingSource(readsOf(hello),
                java.util.Set.of(dev.stowage.DigestAlgorithm.MD5));
        try (java.io.InputStream in = source.content().open()) {
            assertThat(in.readNBytes(2)).hasSize(2); // an attempt that failed part-way
        }
        readWhole(source.content());
        Integrity.Sent sent = source.sent().orElseThrow();
        assertThat(sent.sourceChanged()).isFalse();
        assertThat(sent.digests().get(dev.stowage.DigestAlgorithm.MD5)).contains(HELLO_MD5);
    }
}
