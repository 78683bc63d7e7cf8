package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.faults.FaultyContent;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Writing and reading whole objects. */
public interface PutGetContract extends StoreUnderTest {

    @Test
    default void putThenGetReturnsSameBytes() {
        byte[] data = StoreUnderTest.randomBytes(10_000, 1);
        store().put("a.bin", data);
        assertThat(store().getBytes("a.bin")).isEqualTo(data);
    }

    @Test
    default void emptyObjectRoundTrips() {
        BlobInfo info = store().put("empty", new byte[0]);
        assertThat(info.size()).isZero();
        assertThat(store().getBytes("empty")).isEmpty();
        assertThat(store().stat("empty").size()).isZero();
    }

    @Test
    default void oneByteObjectRoundTrips() {
        store().put("one", new byte[] {42});
        assertThat(store().getBytes("one")).containsExactly(42);
    }

    @Test
    default void everyByteValueRoundTripsUnchanged() {
        byte[] all = new byte[512];
        for (int i = 0; i < all.length; i++) {
            all[i] = (byte) i; // includes \r, \n, NUL and non-UTF-8 sequences: no text-mode translation allowed
        }
        store().put("all-bytes.bin", all);
        assertThat(store().getBytes("all-bytes.bin")).isEqualTo(all);
    }

    @Test
    default void objectOfFiveMebibytesPlusOneRoundTrips() {
        // one byte past the usual multipart threshold
        byte[] data = StoreUnderTest.randomBytes(5 * 1024 * 1024 + 1, 5);
        BlobInfo info = store().put("big.bin", data);
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(store().getBytes("big.bin")).isEqualTo(data);
    }

    @Test
    default void streamOfUnknownLengthRoundTrips() {
        byte[] data = StoreUnderTest.randomBytes(70_000, 2);
        BlobInfo info = store().put("unknown.bin",
                ContentSource.ofStream(new ByteArrayInputStream(data), ContentSource.UNKNOWN_LENGTH),
                PutOptions.defaults());
        assertThat(info.size()).isEqualTo(data.length);
        assertThat(store().getBytes("unknown.bin")).isEqualTo(data);
    }

    @Test
    default void streamOfKnownLengthRoundTrips() {
        byte[] data = StoreUnderTest.randomBytes(3_000, 3);
        store().put("known.bin", new ByteArrayInputStream(data), data.length, PutOptions.defaults());
        assertThat(store().getBytes("known.bin")).isEqualTo(data);
    }

    @Test
    default void putReturnsInfoWithKeyAndSize() {
        BlobInfo info = store().put("dir/info.txt", bytes("12345"));
        assertThat(info.key()).isEqualTo("dir/info.txt");
        assertThat(info.size()).isEqualTo(5);
    }

    @Test
    default void overwriteReplacesContent() {
        putText("k.txt", "first");
        putText("k.txt", "second");
        assertThat(text("k.txt")).isEqualTo("second");
    }

    @Test
    default void overwriteWithShorterContentLeavesNoTail() {
        putText("k.txt", "a long first version");
        putText("k.txt", "short");
        assertThat(text("k.txt")).isEqualTo("short");
        assertThat(store().stat("k.txt").size()).isEqualTo(5);
    }

    @Test
    default void putFromPathRoundTrips() throws IOException {
        Path file = Files.createTempFile("stowage-kit", ".bin");
        try {
            byte[] data = StoreUnderTest.randomBytes(20_000, 4);
            Files.write(file, data);
            store().put("from-file.bin", file, PutOptions.defaults());
            assertThat(store().getBytes("from-file.bin")).isEqualTo(data);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    @Test
    default void nonRepeatableSourceIsReadOnce() {
        AtomicInteger opens = new AtomicInteger();
        byte[] data = StoreUnderTest.randomBytes(1_000, 6);
        store().put("once.bin", FaultyContent.oneShot(data, opens), PutOptions.defaults());
        assertThat(opens).hasValue(1);
        assertThat(store().getBytes("once.bin")).isEqualTo(data);
    }

    @Test
    default void streamShorterThanDeclaredLengthFailsAndLeavesNoObject() {
        assertThatThrownBy(() -> store().put("short.bin", FaultyContent.shorterThanDeclared(bytes("abc"), 10),
                PutOptions.defaults())).isInstanceOf(StorageException.class);
        assertThat(store().exists("short.bin")).isFalse();
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    @Test
    default void streamShorterThanDeclaredLengthKeepsPreviousObject() {
        putText("keep.txt", "previous");
        assertThatThrownBy(() -> store().put("keep.txt", FaultyContent.shorterThanDeclared(bytes("new"), 10),
                PutOptions.defaults())).isInstanceOf(StorageException.class);
        assertThat(text("keep.txt")).isEqualTo("previous");
    }

    @Test
    default void streamLongerThanDeclaredLengthFailsAndLeavesNoObject() {
        assertThatThrownBy(() -> store().put("long.bin", FaultyContent.longerThanDeclared(bytes("abcdef"), 3),
                PutOptions.defaults())).isInstanceOf(StorageException.class);
        assertThat(store().exists("long.bin")).isFalse();
    }

    @Test
    default void sourceFailingMidStreamKeepsPreviousObject() {
        putText("atomic.txt", "previous");
        byte[] data = StoreUnderTest.randomBytes(100_000, 7);
        StorageException e = failsWithStorageException(() ->
                store().put("atomic.txt", FaultyContent.failingAfter(data, 50_000), PutOptions.defaults()));
        assertThat(e.operation()).isEqualTo(Operation.PUT);
        assertThat(text("atomic.txt")).isEqualTo("previous");
        assertThat(keys(ListOptions.all())).containsExactly("atomic.txt");
    }

    @Test
    default void getOfMissingKeyIsNotFound() {
        StorageException e = failsWith(ErrorCode.NOT_FOUND, () -> store().get("missing.txt").close());
        assertThat(e.key()).isEqualTo("missing.txt");
        assertThat(e.operation()).isEqualTo(Operation.GET);
    }

    @Test
    default void getOfKeyBelowAnObjectIsNotFound() {
        putText("file.txt", "x");
        failsWith(ErrorCode.NOT_FOUND, () -> store().get("file.txt/child").close());
    }

    @Test
    default void writeIsVisibleToAnotherClient() {
        putText("shared.txt", "from the first client");
        BlobStore other = anotherClient();
        assertThat(new String(other.getBytes("shared.txt"), java.nio.charset.StandardCharsets.UTF_8))
                .isEqualTo("from the first client");
    }

    @Test
    default void objectAndFolderOfTheSameNameCoexist() {
        assumeNoCapability(caps().trueDirectories(), "true directories, which cannot hold both 'k' and 'k/x'");
        putText("k", "object");
        putText("k/x", "child");
        assertThat(text("k")).isEqualTo("object");
        assertThat(text("k/x")).isEqualTo("child");
        assertThat(keys(ListOptions.builder().delimiter("/").build())).containsExactly("k", "k/");
    }

    @Test
    default void trueDirectoryStoreRefusesObjectBelowAnObject() {
        assumeCapability(caps().trueDirectories(), "true directories (object stores hold both 'k' and 'k/x')");
        putText("k", "object");
        StorageException e = failsWithStorageException(
                () -> putText("k/x", "child"));
        assertThat(e.code()).isIn(ErrorCode.ALREADY_EXISTS, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("k/x").containsPattern("(?i)folder|director");
        assertThat(text("k")).isEqualTo("object");
    }

    @Test
    default void trueDirectoryStoreRefusesObjectNamedLikeAFolder() {
        assumeCapability(caps().trueDirectories(), "true directories (object stores hold both 'k' and 'k/x')");
        putText("k/x", "child");
        StorageException e = failsWithStorageException(
                () -> putText("k", "object"));
        assertThat(e.code()).isIn(ErrorCode.ALREADY_EXISTS, ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("'k'").containsPattern("(?i)folder|director");
        assertThat(text("k/x")).isEqualTo("child");
    }
}
