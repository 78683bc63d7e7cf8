package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ETagTest {
    @Test
    void readsQuotedBareAndWeakForms() {
        assertThat(ETag.parse("\"9b2c\"")).isEqualTo(ETag.strong("9b2c"));
        assertThat(ETag.parse("9b2c")).isEqualTo(ETag.strong("9b2c"));
        assertThat(ETag.parse(" \"abc-2\" ")).isEqualTo(ETag.strong("abc-2"));
        assertThat(ETag.parse("W/\"v1\"")).isEqualTo(new ETag("v1", true));
        assertThat(ETag.parse(null)).isNull();
        assertThat(ETag.parse("  ")).isNull();
    }

    @Test
    void oneFormForBlobInfoWhateverFormADriverGives() {
        assertThat(ETag.normalize("\"0x8DB\"")).isEqualTo("0x8DB");
        assertThat(ETag.normalize("0x8DB")).isEqualTo("0x8DB");
        assertThat(ETag.normalize("W/\"v1\"")).as("a weak tag keeps its mark").isEqualTo("W/\"v1\"");
        assertThat(BlobInfo.builder("k").etag("\"0x8DB\"").build().etag()).isEqualTo("0x8DB");
        assertThat(BlobInfo.builder("k").etag("0x8DB").build()).isEqualTo(BlobInfo.builder("k").etag("\"0x8DB\"").build());
        assertThat(BlobInfo.builder("k").etag("\"e\"").build().entityTag()).isEqualTo(ETag.strong("e"));
        assertThat(BlobInfo.builder("k").build().entityTag()).isNull();
    }

    @Test
    void headerFormIsQuotedAndKeepsTheWildcard() {
        assertThat(ETag.header("abc")).isEqualTo("\"abc\"");
        assertThat(ETag.header("\"abc\"")).isEqualTo("\"abc\"");
        assertThat(ETag.header("*")).isEqualTo("*");
        assertThat(ETag.header("W/\"v\"")).isEqualTo("W/\"v\"");
        assertThat(ETag.header(null)).isNull();
    }
}
