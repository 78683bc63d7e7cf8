package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class OutputFormatTest {
    private static final String CHROME = "image/avif,image/webp,image/apng,image/svg+xml,image/*,*/*;q=0.8";

    @Test
    void clientsListingWebpGetWebp() {
        assertThat(OutputFormat.WEBP.isEncodable()).as("libwebp bundled for linux x86_64").isTrue();
        assertThat(OutputFormat.negotiate(CHROME)).isEqualTo(OutputFormat.WEBP);
        assertThat(OutputFormat.negotiate("image/webp;q=0.9, image/jpeg")).isEqualTo(OutputFormat.WEBP);
    }

    @Test
    void wildcardsAndMissingHeadersGetJpegOrPngForTransparency() {
        assertThat(OutputFormat.negotiate("image/*,*/*;q=0.8")).isEqualTo(OutputFormat.JPEG);
        assertThat(OutputFormat.negotiate(null)).isEqualTo(OutputFormat.JPEG);
        assertThat(OutputFormat.negotiate("*/*", true)).isEqualTo(OutputFormat.PNG);
    }

    @Test
    void webpRefusedWithQZeroIsNotChosen() {
        assertThat(OutputFormat.negotiate("image/webp;q=0, image/*")).isEqualTo(OutputFormat.JPEG);
    }

    @Test
    void mediaTypesAreTheRegisteredOnes() {
        assertThat(OutputFormat.JPEG.mediaType()).isEqualTo("image/jpeg");
        assertThat(OutputFormat.PNG.mediaType()).isEqualTo("image/png");
        assertThat(OutputFormat.WEBP.mediaType()).isEqualTo("image/webp");
        assertThat(OutputFormat.AUTO.mediaType()).isNull();
    }
}
