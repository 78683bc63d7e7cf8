package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** No key reaches a file outside the store's root or inside its reserved folder. */
class LocalPathSafetyTest {
    @TempDir
    Path tmp;
    Path root;
    Path outside;
    BlobStore store;

    @BeforeEach
    void open() throws IOException {
        root = Files.createDirectories(tmp.resolve("root"));
        outside = Files.createDirectories(tmp.resolve("outside"));
        Files.writeString(outside.resolve("secret.txt"), "secret");
        store = BlobStores.open(root.toUri().toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private StorageException failure(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).isInstanceOf(StorageException.class);
        return (StorageException) t;
    }

    @Test
    void readThroughSymlinkedFolderPointingOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), outside);
        StorageException e = failure(() -> store.getBytes("link/secret.txt"));
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(e.getMessage()).contains("link/secret.txt").contains("symbolic link");
    }

    @Test
    void writeThroughSymlinkedFolderPointingOutsideIsRefused() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), outside);
        StorageException e = failure(() -> store.put("link/planted.txt", "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(outside.resolve("planted.txt")).doesNotExist();
    }

    @Test
    void symlinkedFilePointingOutsideIsRefusedForStatAndDelete() throws IOException {
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("secret.txt"));
        assertThat(failure(() -> store.stat("file-link")).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(failure(() -> store.delete("file-link")).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(outside.resolve("secret.txt")).hasContent("secret");
    }

    @Test
    void symlinksAreNotListed() throws IOException {
        Files.createSymbolicLink(root.resolve("link"), outside);
        Files.createSymbolicLink(root.resolve("file-link"), outside.resolve("secret.txt"));
        store.put("real.txt", "x".getBytes(StandardCharsets.UTF_8));
        try (Stream<ListEntry> all = store.list(ListOptions.all())) {
            assertThat(all.map(ListEntry::key)).containsExactly("real.txt");
        }
        try (Stream<ListEntry> top = store.list(ListOptions.builder().delimiter("/").build())) {
            assertThat(top.map(ListEntry::key)).containsExactly("real.txt");
        }
    }

    @Test
    void dotDotKeyIsRefusedByTheStore() {
        assertThatThrownBy(() -> store.getBytes("../outside/secret.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("..");
    }

    @Test
    void dotDotKeyIsRefusedByTheDriverItself() throws IOException {
        // defence in depth: the driver checks the resolved path even if a key arrived unvalidated
        LocalDriver driver = new LocalDriver(root);
        Throwable t = catchThrowable(() -> driver.stat("a/../../outside/secret.txt"));
        assertThat(t).isInstanceOf(StorageException.class);
        assertThat(((StorageException) t).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void keysUnderTheReservedFolderAreRefused() {
        for (String key : new String[] {".stowage", ".stowage/tmp/x.part", ".stowage/meta/a.txt", ".stowage-tmp-x",
                "a/.stowage-tmp-x"}) {
            StorageException e = failure(() -> store.put(key, "x".getBytes(StandardCharsets.UTF_8)));
            assertThat(e.code()).as(key).isEqualTo(ErrorCode.INVALID_ARGUMENT);
            assertThat(e.getMessage()).contains(key).contains("reserved");
        }
    }

    @Test
    void readsUnderTheReservedFolderAreRefused() {
        store.put("a.txt", dev.stowage.ContentSource.ofBytes("x".getBytes(StandardCharsets.UTF_8)), dev.stowage.PutOptions.builder()
                .contentType("text/plain").build());
        StorageException e = failure(() -> store.getBytes(".stowage/meta/a.txt"));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void aFolderNamedLikeTheReservedOneBelowTheRootIsAnOrdinaryFolder() {
        store.put("sub/.stowage/x.txt", "x".getBytes(StandardCharsets.UTF_8));
        assertThat(store.getBytes("sub/.stowage/x.txt")).hasSize(1);
    }

    @Test
    void keySegmentLongerThanTheFileSystemAllowsIsInvalidArgument() {
        String key = "n".repeat(300); // 300 bytes: a valid key, but no file name can be that long
        StorageException e = failure(() -> store.put(key, "x".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("255 bytes");
    }
}
