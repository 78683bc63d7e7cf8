package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.ByteRange;
import dev.stowage.ListOptions;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Keys: what every store accepts, and what is refused with an {@link IllegalArgumentException} naming the key and
 * the rule, before any I/O.
 *
 * <p>Keys found in real buckets, S3-console folder markers ({@code photos/}) and empty segments
 * ({@code a//double.txt}), must be held by every store without true directories (object stores), and refused before
 * any I/O by stores with them (file systems, FTP, SFTP), which cannot hold them.
 */
public interface KeyContract extends StoreUnderTest {

    @Test
    default void keyWithSpacesRoundTrips() {
        putText("with spaces/a b.txt", "x");
        assertThat(text("with spaces/a b.txt")).isEqualTo("x");
    }

    @Test
    default void keyWithAccentedAndCjkCharactersRoundTrips() {
        putText("café/日本語.txt", "unicode");
        assertThat(text("café/日本語.txt")).isEqualTo("unicode");
        assertThat(keys(ListOptions.all())).containsExactly("café/日本語.txt");
    }

    @Test
    default void keyWithAstralPlaneCharactersRoundTrips() {
        String key = "emoji/\uD83D\uDE00-\uD834\uDD1E.txt"; // 😀 and 𝄞, outside the Basic Multilingual Plane
        putText(key, "astral");
        assertThat(text(key)).isEqualTo("astral");
        assertThat(keys(ListOptions.all())).containsExactly(key);
    }

    @Test
    default void keyWithPlusRoundTripsAsPlusNotSpace() {
        putText("a+b.txt", "plus");
        assertThat(text("a+b.txt")).isEqualTo("plus");
        assertThat(store().exists("a b.txt")).isFalse();
    }

    @Test
    default void keyWithPercentRoundTripsUndecoded() {
        putText("100%25 done.txt", "percent");
        assertThat(text("100%25 done.txt")).isEqualTo("percent");
        assertThat(keys(ListOptions.all())).containsExactly("100%25 done.txt");
    }

    @Test
    default void keyWithHashRoundTrips() {
        putText("notes#1.txt", "hash");
        assertThat(text("notes#1.txt")).isEqualTo("hash");
        assertThat(keys(ListOptions.all())).containsExactly("notes#1.txt");
    }

    @Test
    default void keyWithQuestionMarkRoundTrips() {
        putText("what?.txt", "question");
        assertThat(text("what?.txt")).isEqualTo("question");
        assertThat(keys(ListOptions.all())).containsExactly("what?.txt");
    }

    @Test
    default void keyWithUrlReservedCharactersRoundTrips() {
        String key = "q/a=1&b=2;c@d,e$f!(g)'h'.txt";
        putText(key, "reserved");
        assertThat(text(key)).isEqualTo("reserved");
    }

    @Test
    default void deeplyNestedKeyRoundTrips() {
        String key = "a/b/c/d/e/f/g/h/i/j/k/l/m/n/o/p/q/r/s/t/leaf.txt";
        putText(key, "deep");
        assertThat(text(key)).isEqualTo("deep");
        assertThat(keys(ListOptions.all())).containsExactly(key);
    }

    @Test
    default void keyOfMaximumLengthIsAccepted() {
        // Object stores count the namespace folder in their own limit (1024 bytes; OSS 1023), so the longest
        // key a store rooted at a folder can hold is shorter; file-system stores root the namespace as a folder.
        int max = caps().trueDirectories() ? 1024 : 1023 - (namespace().getBytes(StandardCharsets.UTF_8).length + 1);
        String key = keyOfBytes(max);
        assertThat(key.getBytes(StandardCharsets.UTF_8)).hasSize(max);
        putText(key, "max");
        assertThat(text(key)).isEqualTo("max");
        assertThat(keys(ListOptions.all())).containsExactly(key);
    }

    @Test
    default void keyOneByteOverMaximumLengthIsRefused() {
        String key = keyOfBytes(1025);
        assertThatThrownBy(() -> store().put(key, bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(key.substring(0, 20)).hasMessageContaining("1025").hasMessageContaining("1024");
    }

    @Test
    default void keyLengthIsCountedInUtf8Bytes() {
        String key = "é".repeat(100) + "/" + "é".repeat(100) + "/" + "é".repeat(100) + "/" + "é".repeat(100)
                + "/" + "é".repeat(100) + "/" + "é".repeat(13); // 513 characters of 2 bytes plus 5 slashes
        assertThat(key.length()).isLessThan(1024);
        assertThatThrownBy(() -> store().put(key, bytes("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UTF-8");
    }

    @Test
    default void emptyKeyIsRefused() {
        assertThatThrownBy(() -> store().put("", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("empty");
    }

    @Test
    default void keyWithLeadingSlashIsRefused() {
        assertThatThrownBy(() -> store().put("/etc/passwd", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("/etc/passwd").hasMessageContaining("start with '/'");
    }

    @Test
    default void keyWithEmptySegmentIsRefusedWhereKeysAreStrict() {
        assumeNoCapability(caps().looseKeys(), "loose keys (object stores hold 'a//b')");
        assertThatThrownBy(() -> store().put("a//b", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a//b").hasMessageContaining("empty segment");
    }

    @Test
    default void keyWithDotSegmentIsRefused() {
        assertThatThrownBy(() -> store().put("a/./b", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/./b").hasMessageContaining("'.' segment");
    }

    @Test
    default void keyThatIsOnlyADotIsRefused() {
        assertThatThrownBy(() -> store().put(".", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'.' segment");
    }

    @Test
    default void keyWithDotDotSegmentIsRefusedBeforeIo() {
        assertThatThrownBy(() -> store().put("a/../b", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/../b").hasMessageContaining("..");
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    @Test
    default void keyThatIsOnlyDotDotIsRefused() {
        assertThatThrownBy(() -> store().put("..", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("'..' segment");
    }

    @Test
    default void keyWithNulCharacterIsRefused() {
        assertThatThrownBy(() -> store().put("nul\0.txt", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nul").hasMessageContaining("NUL");
    }

    @Test
    default void keyWithControlCharacterIsRefused() {
        assertThatThrownBy(() -> store().put("line\nbreak.txt", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line\\u000abreak.txt").hasMessageContaining("control character U+000A");
    }

    @Test
    default void keyWithTrailingSlashIsRefusedWhereKeysAreStrict() {
        assumeNoCapability(caps().looseKeys(), "loose keys (object stores hold folder markers 'folder/')");
        assertThatThrownBy(() -> store().put("folder/", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("folder/").hasMessageContaining("end with '/'");
    }

    @Test
    default void keyWithLoneSurrogateIsRefused() {
        assertThatThrownBy(() -> store().put("broken\uD83D.txt", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("surrogate");
    }

    @Test
    default void refusedKeysLeaveTheStoreUntouched() {
        for (String bad : new String[] {"../escape", "a/../../escape", "/abs", "a/./b", "./x", "x/.", "k\0", "a/../"}) {
            assertThatThrownBy(() -> store().put(bad, bytes("x"))).isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    @Test
    default void invalidKeyIsRefusedByGet() {
        assertThatThrownBy(() -> store().get("../x", ByteRange.from(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
    }

    @Test
    default void invalidKeyIsRefusedByStat() {
        assertThatThrownBy(() -> store().stat("a/./b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("a/./b");
    }

    @Test
    default void invalidKeyIsRefusedByExistsRatherThanAnsweredFalse() {
        assertThatThrownBy(() -> store().exists("../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
    }

    @Test
    default void invalidKeyIsRefusedByDeleteRatherThanIgnored() {
        assertThatThrownBy(() -> store().delete("../x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../x");
    }

    @Test
    default void invalidCopyTargetIsRefusedBeforeReadingTheSource() {
        putText("src.txt", "x");
        assertThatThrownBy(() -> store().copy("src.txt", "../dst.txt"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../dst.txt");
        assertThat(keys(ListOptions.all())).containsExactly("src.txt");
    }

    @Test
    default void folderMarkerKeyIsListedReadCopiedAndDeletedWhereKeysAreLoose() {
        assumeCapability(caps().looseKeys(), "loose keys (a folder marker 'k/' as an object)");
        putText("photos/", "");
        putText("photos/cat.jpg", "cat");
        assertThat(keys(ListOptions.all())).containsExactly("photos/", "photos/cat.jpg");
        assertThat(store().getBytes("photos/")).isEmpty();
        assertThat(store().stat("photos/").size()).isZero();
        assertThat(keys(ListOptions.builder().delimiter("/").build())).containsExactly("photos/");
        assertThat(keys(ListOptions.builder().prefix("photos/").delimiter("/").build()))
                .containsExactly("photos/", "photos/cat.jpg");
        store().copy("photos/", "copy/");
        assertThat(store().exists("copy/")).isTrue();
        store().delete("photos/");
        assertThat(keys(ListOptions.all())).containsExactly("copy/", "photos/cat.jpg");
    }

    @Test
    default void keyWithEmptySegmentsIsHeldApartFromItsCollapsedFormWhereKeysAreLoose() {
        assumeCapability(caps().looseKeys(), "loose keys (empty segments, 'a//b')");
        putText("a//double.txt", "double");
        putText("a/double.txt", "single");
        putText("a///triple//x.txt", "triple");
        assertThat(text("a//double.txt")).isEqualTo("double");
        assertThat(text("a/double.txt")).isEqualTo("single");
        assertThat(text("a///triple//x.txt")).isEqualTo("triple");
        assertThat(keys(ListOptions.all())).containsExactly("a///triple//x.txt", "a//double.txt", "a/double.txt");
        store().copy("a//double.txt", "b//copy.txt");
        assertThat(text("b//copy.txt")).isEqualTo("double");
        store().delete("a//double.txt");
        assertThat(store().exists("a//double.txt")).isFalse();
        assertThat(text("a/double.txt")).isEqualTo("single");
    }

    @Test
    default void keysInTheWildAreRefusedBeforeIoWhereKeysAreStrict() {
        assumeNoCapability(caps().looseKeys(), "loose keys (object stores hold these keys)");
        for (String wild : new String[] {"photos/", "a//double.txt"}) {
            assertThatThrownBy(() -> store().put(wild, bytes("x")))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(wild);
            assertThatThrownBy(() -> store().stat(wild))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(wild);
        }
        assertThat(keys(ListOptions.all())).isEmpty();
    }

    /** A key of exactly {@code n} UTF-8 bytes in segments short enough for any file system (200 bytes). */
    private static String keyOfBytes(int n) {
        StringBuilder sb = new StringBuilder(n);
        while (n - sb.length() > 200) {
            sb.append("s".repeat(199)).append('/');
        }
        sb.append("k".repeat(n - sb.length()));
        return sb.toString();
    }
}
