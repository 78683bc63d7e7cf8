package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import org.junit.jupiter.api.Test;

/**
 * Embedded ICC profiles are honoured and the output is sRGB. The JDK ships no Adobe RGB profile, so the
 * wide-gamut case is played by its linear-light RGB profile: a stored 128 means 50% light, which is 188 in
 * sRGB; shown without the profile it would stay 128. CMYK (Adobe-style, inverted) is converted by TwelveMonkeys:
 * through the embedded profile when there is one (the JDK ships no CMYK profile to embed here), else through its
 * built-in approximation, which is what these tests see.
 */
class ColourManagementTest {
    private static final Color MID_GREY = new Color(128, 128, 128);

    private static int centre(byte[] encoded) {
        BufferedImage img = TestImages.read(encoded);
        return img.getRGB(img.getWidth() / 2, img.getHeight() / 2);
    }

    @Test
    void jpegWithoutProfileIsTakenAsSrgb() {
        byte[] jpeg = TestImages.jpeg(TestImages.solid(64, 64, MID_GREY, BufferedImage.TYPE_3BYTE_BGR), 0.95f);
        assertThat(centre(TestImages.transform(jpeg, Transform.parseQuery("f=png"))) & 0xFF).isBetween(126, 130);
    }

    @Test
    void jpegWithEmbeddedRgbProfileIsConvertedToSrgb() {
        byte[] jpeg = TestImages.withIccProfile(
                TestImages.jpeg(TestImages.solid(64, 64, MID_GREY, BufferedImage.TYPE_3BYTE_BGR), 0.95f),
                TestImages.linearRgbProfile());
        int rgb = centre(TestImages.transform(jpeg, Transform.parseQuery("w=32&f=jpeg&q=95")));
        assertThat(TestImages.near(rgb, new Color(188, 188, 188), 5)).as(TestImages.describe(rgb)).isTrue();
    }

    @Test
    void pngWithIccpChunkIsConvertedToSrgb() {
        byte[] png = TestImages.pngWithIccProfile(
                TestImages.png(TestImages.solid(64, 64, MID_GREY, BufferedImage.TYPE_3BYTE_BGR)),
                TestImages.linearRgbProfile());
        int rgb = centre(TestImages.transform(png, Transform.parseQuery("f=png")));
        assertThat(TestImages.near(rgb, new Color(188, 188, 188), 3)).as(TestImages.describe(rgb)).isTrue();
    }

    @Test
    void cmykJpegComesOutInItsInkColours() {
        int cyan = centre(TestImages.transform(TestImages.cmykJpeg(64, 64, 255, 0, 0, 0),
                Transform.parseQuery("f=png")));
        assertThat(cyan >> 16 & 0xFF).as("red of cyan ink " + TestImages.describe(cyan)).isLessThan(60);
        assertThat(cyan >> 8 & 0xFF).as("green of cyan ink").isGreaterThan(130);
        assertThat(cyan & 0xFF).as("blue of cyan ink").isGreaterThan(200);

        int paper = centre(TestImages.transform(TestImages.cmykJpeg(64, 64, 0, 0, 0, 0),
                Transform.parseQuery("f=png")));
        assertThat(TestImages.near(paper, Color.WHITE, 12)).as("no ink " + TestImages.describe(paper)).isTrue();

        int black = centre(TestImages.transform(TestImages.cmykJpeg(64, 64, 0, 0, 0, 255),
                Transform.parseQuery("f=png")));
        assertThat(black >> 8 & 0xFF).as("full black ink " + TestImages.describe(black)).isLessThan(70);
    }

    @Test
    void sixteenBitGreyIsReadAsEncodedGreyNotLinearLight() {
        BufferedImage grey16 = new BufferedImage(32, 32, BufferedImage.TYPE_USHORT_GRAY);
        WritableRaster r = grey16.getRaster();
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 32; x++) {
                r.setSample(x, y, 0, 0x8080);
            }
        }
        int rgb = centre(TestImages.transform(TestImages.png(grey16), Transform.parseQuery("f=png")));
        assertThat(TestImages.near(rgb, MID_GREY, 1)).as(TestImages.describe(rgb)).isTrue();
    }

    @Test
    void greyJpegStaysGrey() {
        byte[] jpeg = TestImages.jpeg(TestImages.solid(64, 64, MID_GREY, BufferedImage.TYPE_BYTE_GRAY), 0.95f);
        BufferedImage out = TestImages.read(TestImages.transform(jpeg, Transform.parseQuery("w=16&f=jpeg")));
        assertThat(TestImages.near(out.getRGB(8, 8), MID_GREY, 2)).isTrue();
        assertThat(TestImages.bands(TestImages.transform(jpeg, Transform.parseQuery("w=16&f=jpeg"))))
                .as("written as a one-channel JPEG").isEqualTo(1);
    }

    @Test
    void outputCarriesNoForeignProfile() {
        byte[] jpeg = TestImages.withIccProfile(
                TestImages.jpeg(TestImages.solid(16, 16, MID_GREY, BufferedImage.TYPE_3BYTE_BGR), 0.95f),
                TestImages.linearRgbProfile());
        BufferedImage out = TestImages.read(TestImages.transform(jpeg, Transform.parseQuery("f=jpeg")));
        assertThat(out.getColorModel().getColorSpace().isCS_sRGB()).isTrue();
        Raster unused = out.getData();
        assertThat(unused.getTransferType()).isEqualTo(DataBuffer.TYPE_BYTE);
    }
}
