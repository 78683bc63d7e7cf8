package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import org.junit.jupiter.api.Test;

/** Deleting objects. */
public interface DeleteContract extends StoreUnderTest {

    @Test
    default void deleteOfMissingKeyIsNotAnError() {
        store().delete("never-written.txt");
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    @Test
    default void deleteOfKeyBelowAnObjectIsNotAnError() {
        putText("file.txt", "x");
        store().delete("file.txt/child");
        assertThat(text("file.txt")).isEqualTo("x");
    }

    @Test
    default void deleteThenStatIsNotFound() {
        putText("gone.txt", "x");
        store().delete("gone.txt");
        failsWith(ErrorCode.NOT_FOUND, () -> store().stat("gone.txt"));
        assertThat(store().exists("gone.txt")).isFalse();
    }

    @Test
    default void deleteTwiceIsNotAnError() {
        putText("twice.txt", "x");
        store().delete("twice.txt");
        store().delete("twice.txt");
        assertThat(store().exists("twice.txt")).isFalse();
    }

    @Test
    default void deleteLeavesSiblingsIntact() {
        putKeys("dir/a", "dir/b", "dir/c");
        store().delete("dir/b");
        assertThat(keys(ListOptions.all())).containsExactly("dir/a", "dir/c");
        assertThat(text("dir/a")).isEqualTo("dir/a");
    }

    @Test
    default void deleteDoesNotAffectListingOfOtherPrefixes() {
        putKeys("one/a", "two/a", "two/b");
        store().delete("one/a");
        assertThat(keys(ListOptions.prefix("two/"))).containsExactly("two/a", "two/b");
        assertThat(keys(ListOptions.builder().delimiter("/").build())).containsExactly("two/");
    }

    @Test
    default void deleteOfLastKeyUnderPrefixRemovesTheCommonPrefix() {
        putKeys("x/y/z/only", "keep");
        store().delete("x/y/z/only");
        assertThat(keys(ListOptions.builder().delimiter("/").build())).containsExactly("keep");
        assertThat(keys(ListOptions.all())).containsExactly("keep");
    }

    @Test
    default void deleteOfFolderPrefixDeletesNothing() {
        putKeys("dir/a", "dir/b");
        store().delete("dir");
        assertThat(keys(ListOptions.all())).containsExactly("dir/a", "dir/b");
    }
}
