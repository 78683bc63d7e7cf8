package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.spi.KeyOrder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Listing a folder tree of 1000 keys in key order, page by page. The tree is written once for the class: the tests
 * only read it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LocalListingTest {
    BlobStore store;
    List<String> expected;

    @BeforeAll
    void open(@TempDir Path root) throws IOException {
        store = BlobStores.open(root.toUri().toString());
        expected = writeThousandKeysInManyFolders(root);
    }

    @AfterAll
    void close() {
        store.close();
    }

    /** 1000 keys spread over nested folders whose names sort differently as names and as key prefixes. */
    private static List<String> writeThousandKeysInManyFolders(Path root) throws IOException {
        String[] names = {"a", "a-b", "a.b", "a0", "A", "z", "\u00e9t\u00e9", "\uFF21", "\uD83D\uDE00", "x y"};
        List<String> keys = new ArrayList<>();
        Random random = new Random(7);
        while (keys.size() < 1000) {
            int depth = 1 + random.nextInt(3);
            StringBuilder key = new StringBuilder();
            for (int d = 0; d < depth; d++) {
                key.append(names[random.nextInt(names.length)]).append('/');
            }
            key.append("f").append(keys.size());
            keys.add(key.toString());
        }
        // written as plain files (as another tool would) to keep the set-up fast: listing is what is tested here
        for (String key : keys) {
            Path file = root.resolve(key);
            Files.createDirectories(file.getParent());
            Files.write(file, new byte[] {1});
        }
        return keys.stream().sorted(KeyOrder.UTF8).toList();
    }

    private List<String> list(ListOptions options) {
        try (Stream<ListEntry> s = store.list(options)) {
            return s.map(ListEntry::key).toList();
        }
    }

    @Test
    void thousandKeysInManyFoldersAreListedInKeyOrder() {
        assertThat(list(ListOptions.all())).containsExactlyElementsOf(expected);
    }

    @Test
    void thousandKeysAreListedInKeyOrderAcrossSmallPages() {
        assertThat(list(ListOptions.builder().pageSize(7).build())).containsExactlyElementsOf(expected);
    }

    @Test
    void startAfterInsideANestedFolderResumesThere() {
        String middle = expected.get(500);
        assertThat(list(ListOptions.builder().startAfter(middle).pageSize(50).build()))
                .containsExactlyElementsOf(expected.subList(501, expected.size()));
    }

    @Test
    void delimitedListingOfThousandKeysIsInKeyOrder() {
        List<String> prefixes = expected.stream().map(k -> k.contains("/") ? k.substring(0, k.indexOf('/') + 1) : k)
                .distinct().toList();
        assertThat(list(ListOptions.builder().delimiter("/").pageSize(3).build())).containsExactlyElementsOf(prefixes);
    }
}
