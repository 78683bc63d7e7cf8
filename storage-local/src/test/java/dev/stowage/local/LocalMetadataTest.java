package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Metadata kept in sidecar files, and what happens when the files change behind the store's back. */
class LocalMetadataTest {
    @TempDir
    Path root;
    BlobStore store;

    @BeforeEach
    void open() {
        store = BlobStores.open(root.toUri().toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static PutOptions withMetadata() {
        return PutOptions.builder().contentType("image/png").cacheControl("max-age=60")
                .metadata(Map.of("owner", "ada")).build();
    }

    @Test
    void sidecarIsIgnoredWhenAnotherToolRewritesTheFile() throws IOException {
        store.put("img.png", dev.stowage.ContentSource.ofBytes(new byte[] {1, 2, 3}), withMetadata());
        Files.write(root.resolve("img.png"), new byte[] {9, 9, 9, 9});
        BlobInfo info = store.stat("img.png");
        assertThat(info.size()).isEqualTo(4);
        assertThat(info.contentType()).isNull();
        assertThat(info.cacheControl()).isNull();
        assertThat(info.userMetadata()).isEmpty();
    }

    @Test
    void sidecarIsIgnoredWhenTheFileIsReplacedWithSameSize() throws IOException {
        store.put("img.png", dev.stowage.ContentSource.ofBytes(new byte[] {1, 2, 3}), withMetadata());
        Path replacement = Files.write(root.resolve("other"), new byte[] {7, 7, 7});
        Files.setLastModifiedTime(replacement, FileTime.from(Instant.parse("2020-01-01T00:00:00Z")));
        Files.move(replacement, root.resolve("img.png"), StandardCopyOption.REPLACE_EXISTING);
        assertThat(store.stat("img.png").userMetadata()).isEmpty();
    }

    @Test
    void sidecarIsUsedWhileTheFileIsUnchanged() {
        store.put("img.png", dev.stowage.ContentSource.ofBytes(new byte[] {1, 2, 3}), withMetadata());
        BlobInfo info = store.stat("img.png");
        assertThat(info.contentType()).isEqualTo("image/png");
        assertThat(info.cacheControl()).isEqualTo("max-age=60");
        assertThat(info.userMetadata()).containsExactlyEntriesOf(Map.of("owner", "ada"));
    }

    @Test
    void corruptSidecarDoesNotBreakReads() throws IOException {
        store.put("img.png", dev.stowage.ContentSource.ofBytes(new byte[] {1, 2, 3}), withMetadata());
        Files.writeString(root.resolve(".stowage/meta/img.png"), "\\u12");
        BlobInfo info = store.stat("img.png");
        assertThat(info.size()).isEqualTo(3);
        assertThat(info.userMetadata()).isEmpty();
    }

    @Test
    void sidecarIsRemovedWithItsObject() {
        store.put("d/img.png", dev.stowage.ContentSource.ofBytes(new byte[] {1}), withMetadata());
        store.delete("d/img.png");
        assertThat(root.resolve(".stowage/meta/d")).doesNotExist();
    }

    @Test
    void objectWrittenByAnotherToolHasNoMetadataAndAnEtag() throws IOException {
        Files.write(root.resolve("dropped-in.txt"), new byte[] {1, 2});
        BlobInfo info = store.stat("dropped-in.txt");
        assertThat(info.etag()).isNotBlank();
        assertThat(info.userMetadata()).isEmpty();
    }

    @Test
    void keyBelowAnObjectIsRefusedNamingTheObject() {
        store.put("k", new byte[] {1});
        StorageException e = (StorageException) org.assertj.core.api.Assertions.catchThrowable(
                () -> store.put("k/x/y", new byte[] {2}));
        assertThat(e.code()).isEqualTo(ErrorCode.ALREADY_EXISTS);
        assertThat(e.getMessage()).contains("'k' is an object");
    }
}
