package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Golden tests across engines: each case is transformed by the Java engine and by libvips; the outputs must have
 * exactly the same size and differ by at most a small mean absolute error per sample (the engines use different
 * resampling kernels, JPEG encoders and colour-management code, so pixels are close, not equal).
 */
class EnginesGoldenTest {
    private static final byte[] PHOTO = TestImages.jpeg(TestImages.photoLike(1200, 800, 7), 0.92f);
    private static final byte[] QUADS = TestImages.png(TestImages.quadrants(400, 200));

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, source, transform, largest mean absolute error
                Arguments.of("photo downscale", src(() -> PHOTO), "w=300&f=png", 3.0),
                Arguments.of("photo cover", src(() -> PHOTO), "w=200&h=200&fit=cover&f=png", 3.0),
                Arguments.of("photo cover north-east", src(() -> PHOTO), "w=100&h=300&g=northeast&f=png", 3.0),
                Arguments.of("photo contain red", src(() -> PHOTO), "w=300&h=300&fit=contain&bg=ff0000&f=png", 3.0),
                Arguments.of("photo fill", src(() -> PHOTO), "w=250&h=90&fit=fill&f=png", 3.0),
                Arguments.of("photo inside", src(() -> PHOTO), "w=250&h=250&fit=inside&f=png", 3.0),
                Arguments.of("photo outside", src(() -> PHOTO), "w=250&h=250&fit=outside&f=png", 3.0),
                Arguments.of("photo dpr", src(() -> PHOTO), "w=150&dpr=2&f=png", 3.0),
                Arguments.of("photo jpeg q60", src(() -> PHOTO), "w=400&f=jpeg&q=60", 4.0),
                Arguments.of("photo webp", src(() -> PHOTO), "w=400&f=webp&q=80", 4.0),
                Arguments.of("quadrants cover south", src(() -> QUADS), "w=100&h=100&g=south&f=png", 4.0),
                Arguments.of("quadrants contain west", src(() -> QUADS), "w=100&h=100&fit=contain&g=west&f=png", 4.0),
                Arguments.of("exif orientation 6", src(() -> TestImages.withExifOrientation(
                        TestImages.jpeg(TestImages.quadrants(300, 200), 0.95f), 6, false)), "w=100&f=png", 4.0),
                Arguments.of("exif orientation 3", src(() -> TestImages.withExifOrientation(
                        TestImages.jpeg(TestImages.quadrants(300, 200), 0.95f), 3, true)), "w=100&f=png", 4.0),
                Arguments.of("icc linear rgb", src(() -> TestImages.withIccProfile(
                        TestImages.jpeg(TestImages.photoLike(400, 300, 3), 0.95f), TestImages.linearRgbProfile())),
                        "w=200&f=png", 4.0),
                // Without an embedded profile the engines read CMYK differently: libvips through its built-in press
                // (SWOP-like) profile, 0/100/100/0 becoming (236,33,40) as in Photoshop; TwelveMonkeys as pure red.
                Arguments.of("cmyk jpeg", src(() -> TestImages.cmykJpeg(64, 48, 0, 255, 255, 0)), "w=32&f=png", 35.0),
                Arguments.of("grey jpeg", src(() -> TestImages.jpeg(grey(), 0.95f)), "w=100&f=png", 3.0),
                Arguments.of("alpha png over blue as jpeg", src(EnginesGoldenTest::alpha),
                        "w=100&f=jpeg&bg=0000ff", 4.0),
                Arguments.of("alpha png kept", src(EnginesGoldenTest::alpha), "w=100&f=png", 3.0),
                Arguments.of("gif first frame", src(() -> TestImages.encode(TestImages.quadrants(240, 160), "gif")),
                        "w=120&f=png", 4.0),
                // WebP sources: TwelveMonkeys' decoder (Java engine) and libwebp (libvips) differ by a few levels
                Arguments.of("webp source", src(() -> TestImages.transform(Engines.transformer(EngineChoice.JAVA),
                        PHOTO, Transform.parseQuery("w=600&f=webp&q=90"))), "w=300&f=png", 6.0),
                Arguments.of("bmp source (libvips hands it to the Java engine)",
                        src(() -> TestImages.encode(TestImages.quadrants(240, 160), "bmp")), "w=120&f=png", 0.5),
                Arguments.of("16-bit png", src(() -> sixteenBit(300, 200)), "w=150&f=png", 3.0),
                Arguments.of("crop region", src(() -> PHOTO), "crop=100,50,400,300&w=200&f=png", 3.0),
                Arguments.of("rotate 90", src(() -> QUADS), "w=100&rotate=90&f=png", 4.0),
                Arguments.of("flip hv", src(() -> QUADS), "w=100&flip=hv&f=png", 4.0),
                Arguments.of("flip h", src(() -> QUADS), "w=100&flip=h&f=png", 4.0),
                Arguments.of("grey effect", src(() -> PHOTO), "w=200&gray=1&f=png", 3.0),
                Arguments.of("blur", src(() -> PHOTO), "w=200&blur=2&f=png", 3.0),
                Arguments.of("sharpen", src(() -> PHOTO), "w=200&sharpen=1&f=png", 6.0),
                Arguments.of("progressive jpeg", src(() -> PHOTO), "w=300&f=jpeg&progressive=1", 4.0));
    }

    @ParameterizedTest(name = "{0}: {2}")
    @MethodSource("cases")
    void bothEnginesGiveTheSameSizeAndNearlyTheSamePixels(String name, Supplier<byte[]> source, String query,
                                                          double maxError) {
        Transform t = Transform.parseQuery(query);
        byte[] java = TestImages.transform(Engines.transformer(EngineChoice.JAVA), source.get(), t);
        byte[] vips = TestImages.transform(Engines.transformer(EngineChoice.VIPS), source.get(), t);
        BufferedImage a = TestImages.read(decodable(java));
        BufferedImage b = TestImages.read(decodable(vips));
        assertThat(b.getWidth()).as("vips width").isEqualTo(a.getWidth());
        assertThat(b.getHeight()).as("vips height").isEqualTo(a.getHeight());
        assertThat(Engines.meanAbsoluteError(a, b)).as("mean absolute error java vs vips").isLessThan(maxError);
        assertThat(b.getColorModel().hasAlpha()).as("alpha").isEqualTo(a.getColorModel().hasAlpha());
    }

    /**
     * WebP outputs are decoded by libwebp (through the vips engine, to PNG): TwelveMonkeys' WebP decoder, which
     * the tests otherwise read with, reads libvips-written WebP about 10 levels off where libwebp itself does not.
     */
    private static byte[] decodable(byte[] output) {
        if (output.length > 12 && output[8] == 'W' && output[9] == 'E' && output[10] == 'B' && output[11] == 'P') {
            return TestImages.transform(Engines.transformer(EngineChoice.VIPS), output, Transform.parseQuery("f=png"));
        }
        return output;
    }

    private static Supplier<byte[]> src(Supplier<byte[]> s) {
        return s;
    }

    private static BufferedImage grey() {
        BufferedImage photo = TestImages.photoLike(300, 200, 5);
        BufferedImage g = new BufferedImage(300, 200, BufferedImage.TYPE_BYTE_GRAY);
        g.getGraphics().drawImage(photo, 0, 0, null);
        return g;
    }

    /** An opaque red disc on a transparent square. */
    private static byte[] alpha() {
        BufferedImage img = new BufferedImage(200, 200, BufferedImage.TYPE_4BYTE_ABGR);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillOval(20, 20, 160, 160);
        g.dispose();
        return TestImages.png(img);
    }

    /** A 16-bit-per-sample RGB PNG with a gradient. */
    static byte[] sixteenBit(int w, int h) {
        java.awt.image.WritableRaster raster = java.awt.image.Raster.createInterleavedRaster(
                java.awt.image.DataBuffer.TYPE_USHORT, w, h, 3, null);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                raster.setPixel(x, y, new int[] {65535 * x / w, 65535 * y / h, 30000});
            }
        }
        java.awt.image.ColorModel cm = new java.awt.image.ComponentColorModel(
                java.awt.color.ColorSpace.getInstance(java.awt.color.ColorSpace.CS_sRGB), false, false,
                java.awt.Transparency.OPAQUE, java.awt.image.DataBuffer.TYPE_USHORT);
        return TestImages.png(new BufferedImage(cm, raster, false, null));
    }
}
