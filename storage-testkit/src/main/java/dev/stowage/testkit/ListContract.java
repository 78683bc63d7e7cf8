package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Listing: prefixes, delimiters, pagination, ordering and laziness. */
public interface ListContract extends StoreUnderTest {

    private static ListOptions.Builder opts() {
        return ListOptions.builder();
    }

    private List<String> numberedKeys(int n) {
        List<String> keys = IntStream.range(0, n).mapToObj(i -> String.format("k%03d", i)).toList();
        keys.forEach(k -> putText(k, k));
        return keys;
    }

    @Test
    default void listOfEmptyStoreIsEmpty() {
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    @Test
    default void listWithoutDelimiterReturnsAllKeysRecursively() {
        putKeys("a.txt", "b/c.txt", "b/d/e.txt");
        assertThat(keys(ListOptions.all())).containsExactly("a.txt", "b/c.txt", "b/d/e.txt");
    }

    @Test
    default void listWithoutDelimiterReturnsNoPrefixEntries() {
        putKeys("x/1", "x/y/2");
        assertThat(entries(ListOptions.all())).noneMatch(ListEntry::isPrefix);
    }

    @Test
    default void listEntriesCarrySizeAndEtag() {
        store().put("sized.bin", new byte[321]);
        ListEntry entry = entries(ListOptions.all()).get(0);
        assertThat(entry.isPrefix()).isFalse();
        assertThat(entry.info().key()).isEqualTo("sized.bin");
        assertThat(entry.info().size()).isEqualTo(321);
        assertThat(entry.info().etag()).isEqualTo(store().stat("sized.bin").etag());
    }

    @Test
    default void listWithPrefixReturnsOnlyMatchingKeys() {
        putKeys("photos/a.jpg", "photos/b.jpg", "docs/a.txt", "photosynthesis.txt");
        assertThat(keys(ListOptions.prefix("photos/"))).containsExactly("photos/a.jpg", "photos/b.jpg");
    }

    @Test
    default void listWithPrefixWithoutMatchesIsEmpty() {
        putKeys("a/1", "b/2");
        assertThat(keys(ListOptions.prefix("c/"))).isEmpty();
    }

    @Test
    default void listWithPrefixMatchingPartialSegment() {
        putKeys("photos/car/1.jpg", "photos/cat.jpg", "photos/dog.jpg");
        assertThat(keys(ListOptions.prefix("photos/ca"))).containsExactly("photos/car/1.jpg", "photos/cat.jpg");
    }

    @Test
    default void listWithPartialSegmentPrefixAndDelimiterRollsUpFolders() {
        putKeys("photos/car/1.jpg", "photos/car/2.jpg", "photos/cat.jpg", "photos/dog.jpg");
        assertThat(keys(opts().prefix("photos/ca").delimiter("/").build()))
                .containsExactly("photos/car/", "photos/cat.jpg");
    }

    @Test
    default void listWithTrailingSlashPrefixListsFolderContents() {
        putKeys("dir/a", "dir/sub/b", "dirt");
        assertThat(keys(opts().prefix("dir/").delimiter("/").build())).containsExactly("dir/a", "dir/sub/");
    }

    @Test
    default void listWithDelimiterReturnsCommonPrefixes() {
        putKeys("a.txt", "photos/1.jpg", "photos/2.jpg", "videos/1.mp4");
        List<ListEntry> entries = entries(opts().delimiter("/").build());
        assertThat(entries).extracting(ListEntry::key).containsExactly("a.txt", "photos/", "videos/");
        assertThat(entries).extracting(ListEntry::isPrefix).containsExactly(false, true, true);
    }

    @Test
    default void listWithDelimiterAndPrefixReturnsNestedPrefixes() {
        putKeys("p/q/r/1", "p/q/s/2", "p/q/3", "p/t/4");
        assertThat(keys(opts().prefix("p/q/").delimiter("/").build())).containsExactly("p/q/3", "p/q/r/", "p/q/s/");
    }

    @Test
    default void listPaginatesWithPageSizeOne() {
        List<String> all = numberedKeys(5);
        assertThat(keys(opts().pageSize(1).build())).containsExactlyElementsOf(all);
    }

    @Test
    default void listPaginatesWithPageSizeTwoOverAnOddCount() {
        List<String> all = numberedKeys(5);
        assertThat(keys(opts().pageSize(2).build())).containsExactlyElementsOf(all);
    }

    @Test
    default void listWithPageSizeExactlyTheKeyCountReturnsAll() {
        List<String> all = numberedKeys(6);
        assertThat(keys(opts().pageSize(6).build())).containsExactlyElementsOf(all);
    }

    @Test
    default void listWithPageSizeOneMoreThanTheKeyCountReturnsAll() {
        List<String> all = numberedKeys(6);
        assertThat(keys(opts().pageSize(7).build())).containsExactlyElementsOf(all);
    }

    @Test
    default void listWithPageSizeOneAndDelimiterReturnsEachPrefixOnce() {
        putKeys("a/1", "a/2", "a/3", "b/1", "b/2", "c", "d/1");
        assertThat(keys(opts().delimiter("/").pageSize(1).build())).containsExactly("a/", "b/", "c", "d/");
    }

    @Test
    default void listPaginatesAcrossNestedFolders() {
        putKeys("a/x/1", "a/x/2", "a/y/1", "b", "c/z/1", "c/z/2");
        assertThat(keys(opts().pageSize(2).build()))
                .containsExactly("a/x/1", "a/x/2", "a/y/1", "b", "c/z/1", "c/z/2");
    }

    @Test
    default void listStartAfterSkipsKeysUpToAndIncludingIt() {
        numberedKeys(5);
        assertThat(keys(opts().startAfter("k001").build())).containsExactly("k002", "k003", "k004");
    }

    @Test
    default void listStartAfterAKeyThatDoesNotExist() {
        numberedKeys(5);
        assertThat(keys(opts().startAfter("k0015").build())).containsExactly("k002", "k003", "k004");
    }

    @Test
    default void listStartAfterWithPrefixAndPaging() {
        putKeys("p/1", "p/2", "p/3", "p/4", "q/5");
        assertThat(keys(opts().prefix("p/").startAfter("p/2").pageSize(1).build())).containsExactly("p/3", "p/4");
    }

    @Test
    default void listStartAfterTheLastKeyIsEmpty() {
        numberedKeys(3);
        assertThat(keys(opts().startAfter("k002").build())).isEmpty();
    }

    @Test
    default void listIsInUtf8ByteOrder() {
        // UTF-16 order would put U+FF21 after the emoji (a surrogate pair); UTF-8 byte order puts it before
        List<String> expected = List.of("B", "Z", "a", "z", "\u00e9", "\u65e5", "\uFF21", "\uD83D\uDE00");
        List<String> shuffled = new ArrayList<>(expected);
        java.util.Collections.shuffle(shuffled, new java.util.Random(1));
        shuffled.forEach(k -> putText(k, k));
        assertThat(keys(ListOptions.all())).containsExactlyElementsOf(expected);
    }

    @Test
    default void listOrdersKeysAcrossFolderBoundariesByBytes() {
        // '-' (0x2D) < '.' (0x2E) < '/' (0x2F) < '0' (0x30): a folder's keys fall between its siblings
        putKeys("a0", "a/b", "a.b", "a-b");
        assertThat(keys(ListOptions.all())).containsExactly("a-b", "a.b", "a/b", "a0");
    }

    @Test
    default void listWithDelimiterOrdersPrefixesAmongKeysByBytes() {
        putKeys("a0", "a/b", "a.b", "a-b");
        assertThat(keys(opts().delimiter("/").build())).containsExactly("a-b", "a.b", "a/", "a0");
    }

    @Test
    default void listIsLazyAndFetchesLaterPagesOnDemand() {
        numberedKeys(25);
        try (Stream<ListEntry> listing = store().list(opts().pageSize(10).build())) {
            Iterator<ListEntry> it = listing.iterator();
            List<String> seen = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                seen.add(it.next().key());
            }
            // written after the first page was fetched: a lazy listing reaches it on a later page
            putText("k999", "late");
            it.forEachRemaining(e -> seen.add(e.key()));
            assertThat(seen).hasSize(26).endsWith("k024", "k999");
        }
    }

    @Test
    default void listingCanBeAbandonedAfterAFewEntries() {
        numberedKeys(25);
        try (Stream<ListEntry> listing = store().list(opts().pageSize(10).build())) {
            assertThat(listing.limit(3).map(ListEntry::key)).containsExactly("k000", "k001", "k002");
        }
    }

    @Test
    default void listWithInvalidPrefixIsRefused() {
        assertThatThrownBy(() -> keys(ListOptions.prefix("../up")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../up");
    }
}
