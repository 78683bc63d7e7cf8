package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class KeysTest {

    @ParameterizedTest
    @ValueSource(strings = {"a", "a/b/c.txt", "with space", "ünïcödé/😀", "a+b%20c", ".hidden", "a/.b/..c", "x#y?z"})
    void acceptsPortableKeys(String key) {
        assertThat(Keys.validate(key)).isEqualTo(key);
    }

    @Test
    void acceptsKeyOfExactly1024Utf8Bytes() {
        String key = "é".repeat(512); // 2 bytes each
        assertThat(Keys.validate(key)).hasSize(512);
    }

    @Test
    void refusesKeyOver1024BytesNamingTheLength() {
        assertThatThrownBy(() -> Keys.validate("é".repeat(512) + "x"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1025 bytes");
    }

    @Test
    void refusesDotDotSegmentNamingTheKey() {
        assertThatThrownBy(() -> Keys.validate("a/../b"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'a/../b'").hasMessageContaining("'..' segment");
    }

    @Test
    void refusesNulWithItsIndex() {
        assertThatThrownBy(() -> Keys.validate("ab\0c"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("NUL").hasMessageContaining("index 2");
    }

    @Test
    void refusesLeadingSlashEmptySegmentAndTrailingSlash() {
        assertThatThrownBy(() -> Keys.validate("/a")).hasMessageContaining("must not start with '/'");
        assertThatThrownBy(() -> Keys.validate("a//b")).hasMessageContaining("empty segment");
        assertThatThrownBy(() -> Keys.validate("a/")).hasMessageContaining("must not end with '/'");
        assertThatThrownBy(() -> Keys.validate("")).hasMessageContaining("empty");
    }

    @Test
    void refusesLoneSurrogate() {
        assertThatThrownBy(() -> Keys.validate("a\uD800b")).hasMessageContaining("lone surrogate");
    }

    @Test
    void prefixMayEndWithSlashOrBeEmpty() {
        assertThat(Keys.validatePrefix("photos/")).isEqualTo("photos/");
        assertThat(Keys.validatePrefix("photos/ca")).isEqualTo("photos/ca");
        assertThat(Keys.validatePrefix(null)).isEmpty();
        assertThatThrownBy(() -> Keys.validatePrefix("a/../")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void objectStoresAcceptFolderMarkersAndEmptySegments() {
        Capabilities objectStore = Capabilities.builder().build();
        assertThat(Keys.validate("photos/", objectStore)).isEqualTo("photos/");
        assertThat(Keys.validate("a//double.txt", objectStore)).isEqualTo("a//double.txt");
        assertThat(Keys.validate("a///", objectStore)).isEqualTo("a///");
    }

    @Test
    void objectStoresStillRefuseLeadingSlashDotSegmentsAndControlCharacters() {
        Capabilities objectStore = Capabilities.builder().build();
        assertThatThrownBy(() -> Keys.validate("/a", objectStore)).hasMessageContaining("must not start with '/'");
        assertThatThrownBy(() -> Keys.validate("//a", objectStore)).hasMessageContaining("must not start with '/'");
        assertThatThrownBy(() -> Keys.validate("a//../b", objectStore)).hasMessageContaining("'..' segment");
        assertThatThrownBy(() -> Keys.validate("a/./", objectStore)).hasMessageContaining("'.' segment");
        assertThatThrownBy(() -> Keys.validate("", objectStore)).hasMessageContaining("empty");
        assertThatThrownBy(() -> Keys.validate("a\tb/", objectStore)).hasMessageContaining("control character");
    }

    @Test
    void storesWithRealFoldersRefuseFolderMarkersAndEmptySegments() {
        Capabilities fileSystem = Capabilities.builder().trueDirectories(true).build();
        assertThatThrownBy(() -> Keys.validate("photos/", fileSystem)).hasMessageContaining("must not end with '/'");
        assertThatThrownBy(() -> Keys.validate("a//b", fileSystem)).hasMessageContaining("empty segment");
    }
}
