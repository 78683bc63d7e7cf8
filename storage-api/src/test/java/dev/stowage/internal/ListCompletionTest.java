package dev.stowage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.ListPage;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The listing completion every driver's raw pages go through. */
class ListCompletionTest {

    private static ListEntry blob(String key) {
        return ListEntry.ofBlob(BlobInfo.builder(key).build());
    }

    private static List<String> keys(ListPage page) {
        return page.entries().stream().map(ListEntry::key).toList();
    }

    @Test
    void objectsAndPrefixesComeOutInUtf8ByteOrder() {
        ListCompletion c = new ListCompletion(ListOptions.builder().delimiter("/").build());
        ListPage page = c.complete(new ListPage(List.of(blob("b"), blob("é"), blob("Z"), ListEntry.ofPrefix("a/"),
                ListEntry.ofPrefix("c/")), null));
        assertThat(keys(page)).containsExactly("Z", "a/", "b", "c/", "é");
    }

    @Test
    void nothingAtOrBeforeStartAfterIsReturnedIncludingThePrefixHoldingIt() {
        ListCompletion c = new ListCompletion(ListOptions.builder().delimiter("/").startAfter("a/x").build());
        ListPage page = c.complete(new ListPage(List.of(ListEntry.ofPrefix("a/"), blob("a/x"), blob("a/y"),
                blob("b")), null));
        assertThat(keys(page)).containsExactly("a/y", "b");
    }

    @Test
    void anEntryRepeatedFromThePreviousPageIsDropped() {
        ListCompletion c = new ListCompletion(ListOptions.all());
        assertThat(keys(c.complete(new ListPage(List.of(blob("a"), blob("b")), "b")))).containsExactly("a", "b");
        assertThat(keys(c.complete(new ListPage(List.of(blob("b"), blob("c")), null)))).containsExactly("c");
    }

    @Test
    void entriesOutsideThePrefixAreDropped() {
        ListCompletion c = new ListCompletion(ListOptions.builder().prefix("p/").build());
        assertThat(keys(c.complete(new ListPage(List.of(blob("o"), blob("p/1"), blob("q")), null))))
                .containsExactly("p/1");
    }

    @Test
    void aLaterPageGoingBackwardsIsAnInternalError() {
        ListCompletion c = new ListCompletion(ListOptions.all());
        c.complete(new ListPage(List.of(blob("m")), "m"));
        assertThatThrownBy(() -> c.complete(new ListPage(List.of(blob("c")), null)))
                .isInstanceOfSatisfying(StorageException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.INTERNAL));
    }
}
