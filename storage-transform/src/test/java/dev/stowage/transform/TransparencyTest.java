package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class TransparencyTest {

    /** Left half fully transparent (hiding green), right half opaque red. */
    private static byte[] halfTransparent() {
        BufferedImage img = new BufferedImage(64, 32, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 32; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, x < 32 ? 0x0000FF00 : 0xFFFF0000);
            }
        }
        return TestImages.png(img);
    }

    @Test
    void transparencyIsFlattenedOntoTheBackgroundForJpeg() {
        BufferedImage out = TestImages.read(TestImages.transform(halfTransparent(),
                Transform.parseQuery("f=jpeg&q=95&bg=0000ff")));
        assertThat(TestImages.near(out.getRGB(8, 16), Color.BLUE, 12)).isTrue();
        assertThat(TestImages.near(out.getRGB(56, 16), Color.RED, 12)).isTrue();
    }

    @Test
    void transparencyIsFlattenedOntoWhiteByDefault() {
        BufferedImage out = TestImages.read(TestImages.transform(halfTransparent(), Transform.parseQuery("f=jpeg")));
        assertThat(TestImages.near(out.getRGB(8, 16), Color.WHITE, 8)).isTrue();
    }

    @Test
    void pngAndWebpKeepTheAlphaChannel() {
        for (String f : new String[] {"png", "webp"}) {
            BufferedImage out = TestImages.read(TestImages.transform(halfTransparent(),
                    Transform.parseQuery("w=32&f=" + f)));
            assertThat(out.getRGB(4, 8) >>> 24).as(f + " transparent side").isLessThan(8);
            assertThat(out.getRGB(28, 8) >>> 24).as(f + " opaque side").isGreaterThan(247);
            assertThat(TestImages.near(out.getRGB(28, 8), Color.RED, 12)).as(f).isTrue();
        }
    }

    @Test
    void hiddenColourOfTransparentPixelsDoesNotBleedIntoEdges() {
        // 1-pixel checkerboard of opaque red and fully transparent green, halved: every output pixel is
        // half-covered red. Filtering straight (not premultiplied) colour would make it a brownish red-green mix.
        BufferedImage img = new BufferedImage(64, 64, BufferedImage.TYPE_INT_ARGB);
        for (int y = 0; y < 64; y++) {
            for (int x = 0; x < 64; x++) {
                img.setRGB(x, y, (x + y) % 2 == 0 ? 0xFFFF0000 : 0x0000FF00);
            }
        }
        BufferedImage out = TestImages.read(TestImages.transform(TestImages.png(img),
                Transform.parseQuery("w=32&f=png")));
        int argb = out.getRGB(16, 16);
        assertThat(argb >>> 24).as(TestImages.describe(argb)).isBetween(120, 136);
        assertThat(TestImages.near(argb, Color.RED, 4)).as(TestImages.describe(argb)).isTrue();
    }

    @Test
    void containLetterboxCanBeTransparentInPng() {
        byte[] opaque = TestImages.png(TestImages.solid(40, 20, Color.RED, BufferedImage.TYPE_3BYTE_BGR));
        BufferedImage out = TestImages.read(TestImages.transform(opaque,
                Transform.parseQuery("w=40&h=40&fit=contain&bg=00000000&f=png")));
        assertThat(out.getRGB(20, 2) >>> 24).isZero();
        assertThat(out.getRGB(20, 20)).isEqualTo(0xFFFF0000);
    }

    @Test
    void autoFormatKeepsTransparencyAsPngAndOpaqueImagesAsJpeg() throws Exception {
        ImageTransformer transformer = new ImageTransformer(TransformLimits.DEFAULTS);
        Transform auto = Transform.parseQuery("w=16");
        TransformResult alpha = transformer.transform(new java.io.ByteArrayInputStream(halfTransparent()), auto,
                new java.io.ByteArrayOutputStream());
        assertThat(alpha.format()).isEqualTo(OutputFormat.PNG);
        byte[] opaquePng = TestImages.png(TestImages.solid(16, 16, Color.RED, BufferedImage.TYPE_INT_ARGB));
        TransformResult opaque = transformer.transform(new java.io.ByteArrayInputStream(opaquePng), auto,
                new java.io.ByteArrayOutputStream());
        assertThat(opaque.format()).as("alpha channel that is fully opaque").isEqualTo(OutputFormat.JPEG);
        TransformResult webp = transformer.transform(new java.io.ByteArrayInputStream(halfTransparent()), auto,
                "image/webp,*/*", new java.io.ByteArrayOutputStream());
        assertThat(webp.format()).isEqualTo(OutputFormat.WEBP);
        assertThat(webp.mediaType()).isEqualTo("image/webp");
    }
}
