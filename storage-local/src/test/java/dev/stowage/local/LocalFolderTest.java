package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Folders are only the shape of keys: empty ones are invisible and removed when they empty. */
class LocalFolderTest {
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

    private List<String> list(ListOptions options) {
        try (Stream<ListEntry> s = store.list(options)) {
            return s.map(ListEntry::key).toList();
        }
    }

    @Test
    void emptyFoldersLeftByOtherToolsAreNotListedAsPrefixes() throws IOException {
        Files.createDirectories(root.resolve("empty/deeper"));
        store.put("full/x.txt", new byte[] {1});
        assertThat(list(ListOptions.builder().delimiter("/").build())).containsExactly("full/");
        assertThat(list(ListOptions.all())).containsExactly("full/x.txt");
    }

    @Test
    void anObjectCanReplaceAnEmptyFolderLeftByAnotherTool() throws IOException {
        Files.createDirectories(root.resolve("was-a-folder"));
        store.put("was-a-folder", new byte[] {1});
        assertThat(list(ListOptions.all())).containsExactly("was-a-folder");
    }

    @Test
    void deletingTheLastObjectRemovesItsEmptyFolders() {
        store.put("a/b/c/d.txt", new byte[] {1});
        store.delete("a/b/c/d.txt");
        assertThat(root.resolve("a")).doesNotExist();
    }
}
