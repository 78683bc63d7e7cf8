package dev.stowage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class PortableBlobStoreTest {
    private final MemoryDriver driver = new MemoryDriver();
    private final PortableBlobStore store = new PortableBlobStore("mem", driver, "root/sub", null);

    @Test
    void folderIsAppliedOnTheWayInAndStrippedOnTheWayOut() {
        assertThat(store.put("a.txt", "x".getBytes(StandardCharsets.UTF_8)).key()).isEqualTo("a.txt");
        assertThat(driver.data).containsOnlyKeys("root/sub/a.txt");
        assertThat(store.list(ListOptions.all()).map(ListEntry::key)).containsExactly("a.txt");
        assertThat(store.stat("a.txt").key()).isEqualTo("a.txt");
    }

    @Test
    void truncatedReadIsCorruptDataNotAShortObject() throws Exception {
        store.put("big", new byte[1000]);
        driver.truncateReadsTo = 600;
        try (BlobInputStream in = store.get("big")) {
            StorageException e = catchThrowableOfType(in::readAllBytes, StorageException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.CORRUPT_DATA);
            assertThat(e.getMessage()).contains("600 of 1000").contains("'big'").contains("mem");
            assertThat(e.retryable()).isTrue();
        }
    }

    @Test
    void streamShorterThanDeclaredLengthFailsThePutAndWritesNothing() {
        ContentSource shortSource = ContentSource.ofStream(new ByteArrayInputStream(new byte[10]), 20);
        StorageException e = catchThrowableOfType(() -> store.put("k", shortSource, PutOptions.defaults()),
                StorageException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("10 of 20").contains("declared length");
        assertThat(driver.data).isEmpty();
    }

    @Test
    void failuresCarryStoreOperationAndKey() {
        StorageException e = catchThrowableOfType(() -> store.stat("nope"), StorageException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(e.store()).isEqualTo("mem");
        assertThat(e.operation()).isEqualTo(Operation.STAT);
        assertThat(e.key()).isEqualTo("nope");
        assertThat(store.exists("nope")).isFalse();
    }

    @Test
    void deleteOfMissingKeyIsNotAnError() {
        store.delete("never-written");
        assertThat(driver.data).isEmpty();
    }

    @Test
    void rangeStartingPastTheEndIsInvalidArgument() {
        store.put("k", new byte[10]);
        assertThat(catchThrowableOfType(() -> store.get("k", ByteRange.from(10)), StorageException.class).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void copyFallsBackToReadAndWriteWithoutServerSideCopy() {
        driver.serverSideCopy = false;
        PortableBlobStore noCopy = new PortableBlobStore("mem", driver, "", null);
        noCopy.put("src", "hello".getBytes(StandardCharsets.UTF_8));
        noCopy.copy("src", "dst");
        assertThat(new String(noCopy.getBytes("dst"), StandardCharsets.UTF_8)).isEqualTo("hello");
    }

    @Test
    void listingFetchesPagesOnlyAsConsumed() {
        IntStream.range(0, 50).forEach(i -> store.put(String.format("k%02d", i), new byte[1]));
        driver.listCalls.set(0);
        try (var s = store.list(ListOptions.builder().pageSize(10).build())) {
            assertThat(s.limit(15).count()).isEqualTo(15);
        }
        assertThat(driver.listCalls.get()).isEqualTo(2);
    }

    @Test
    void conditionalPutOnIncapableStoreIsUnsupportedBeforeIo() {
        PutOptions cond = PutOptions.builder().ifNoneMatch("*").build();
        assertThat(catchThrowableOfType(() -> store.put("k", ContentSource.ofBytes(new byte[1]), cond),
                StorageException.class).code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(driver.data).isEmpty();
    }

    @Test
    void publicUrlWithoutBaseSaysHowToConfigureIt() {
        StorageException e = catchThrowableOfType(() -> store.publicUrl("a"), StorageException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED);
        assertThat(e.hint()).contains("publicUrlBase");
        PortableBlobStore withBase = new PortableBlobStore("mem", driver, "root", PublicUrlMapper.of("https://cdn.example.com/"));
        assertThat(withBase.publicUrl("a b.jpg").toString()).isEqualTo("https://cdn.example.com/a%20b.jpg");
    }

    @Test
    void folderMarkersAndEmptySegmentsReachAnObjectStoreThroughThePrefixedLayerToo() {
        dev.stowage.BlobStore prefixed = dev.stowage.layer.Layers.prefixed(store, "p");
        prefixed.put("photos/", new byte[0]);
        prefixed.put("a//b.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(driver.data).containsOnlyKeys("root/sub/p/photos/", "root/sub/p/a//b.txt");
        assertThat(prefixed.getBytes("a//b.txt")).isEqualTo("x".getBytes(StandardCharsets.UTF_8));
        assertThat(prefixed.list(ListOptions.all()).map(ListEntry::key)).containsExactly("a//b.txt", "photos/");
    }
}
