package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PrintableTest {
    @Test
    void ordinaryKeysIncludingNonLatinLettersAreUnchanged() {
        String key = "photos/2024/été/猫 + cat%20(1).jpg";
        assertThat(Printable.of(key)).isSameAs(key);
    }

    @Test
    void c0ControlsAndDelAreEscapedAsHexBytes() {
        assertThat(Printable.of("a\u001b[31mb\nc\rd\te\u007f")).isEqualTo("a\\x1b[31mb\\x0ac\\x0dd\\x09e\\x7f");
    }

    @Test
    void c1ControlsBidiControlsAndLineSeparatorsAreEscapedAsCodePoints() {
        assertThat(Printable.of("\u0085\u009b\u202a\u202e\u2066\u2069\u200e\u200f\u061c\u2028\u2029"))
                .isEqualTo("\\u0085\\u009b\\u202a\\u202e\\u2066\\u2069\\u200e\\u200f\\u061c\\u2028\\u2029");
    }

    @Test
    void nullIsShownAsADash() {
        assertThat(Printable.of(null)).isEqualTo("-");
    }
}
