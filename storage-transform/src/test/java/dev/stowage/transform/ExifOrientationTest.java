package dev.stowage.transform;

import static dev.stowage.transform.TestImages.BLUE;
import static dev.stowage.transform.TestImages.GREEN;
import static dev.stowage.transform.TestImages.RED;
import static dev.stowage.transform.TestImages.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The upright picture is red top-left, green top-right, blue bottom-left, yellow bottom-right, 160×80. For
 * each EXIF orientation the test stores what a camera would store (the picture flipped or rotated the other
 * way) and expects the upright picture back.
 */
class ExifOrientationTest {

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        // orientation, stored quadrants TL TR BL BR, stored is portrait
        "1, RED, GREEN, BLUE, YELLOW, false",
        "2, GREEN, RED, YELLOW, BLUE, false",   // mirrored horizontally
        "3, YELLOW, BLUE, GREEN, RED, false",   // rotated 180°
        "4, BLUE, YELLOW, RED, GREEN, false",   // mirrored vertically
        "5, RED, BLUE, GREEN, YELLOW, true",    // transposed
        "6, GREEN, YELLOW, RED, BLUE, true",    // stored rotated 90° anticlockwise: shown rotated clockwise
        "7, YELLOW, GREEN, BLUE, RED, true",    // transversed
        "8, BLUE, RED, YELLOW, GREEN, true"})   // stored rotated 90° clockwise
    void storedPixelsAreShownUpright(int orientation, String tl, String tr, String bl, String br, boolean portrait) {
        for (boolean little : new boolean[] {true, false}) {
            byte[] jpeg = stored(orientation, tl, tr, bl, br, portrait, little);
            BufferedImage out = TestImages.read(TestImages.transform(jpeg, Transform.parseQuery("f=png")));
            assertThat(out.getWidth()).isEqualTo(160);
            assertThat(out.getHeight()).isEqualTo(80);
            FitGeometryTest.assertCorners(out, "RED", "GREEN", "BLUE", "YELLOW");
        }
    }

    @ParameterizedTest(name = "orientation {0}")
    @CsvSource({
        "1, RED, GREEN, BLUE, YELLOW, false",
        "3, YELLOW, BLUE, GREEN, RED, false",
        "6, GREEN, YELLOW, RED, BLUE, true",
        "7, YELLOW, GREEN, BLUE, RED, true",
        "8, BLUE, RED, YELLOW, GREEN, true"})
    void resizeAndCoverCropApplyToTheUprightPicture(int orientation, String tl, String tr, String bl, String br,
                                                    boolean portrait) {
        byte[] jpeg = stored(orientation, tl, tr, bl, br, portrait, false);
        BufferedImage resized = TestImages.read(TestImages.transform(jpeg, Transform.parseQuery("w=80&f=png")));
        assertThat(resized.getWidth()).isEqualTo(80);
        assertThat(resized.getHeight()).isEqualTo(40);
        FitGeometryTest.assertCorners(resized, "RED", "GREEN", "BLUE", "YELLOW");

        // The east half of the upright picture is green over yellow, whatever the stored orientation.
        BufferedImage east = TestImages.read(TestImages.transform(jpeg,
                Transform.parseQuery("w=40&h=40&fit=cover&g=east&f=png")));
        FitGeometryTest.assertCorners(east, "GREEN", "GREEN", "YELLOW", "YELLOW");
    }

    @Test
    void pngExifChunkOrientationIsApplied() {
        BufferedImage storedRotated = TestImages.quadrants(80, 160, GREEN, YELLOW, RED, BLUE);
        byte[] png = TestImages.insertPngChunk(TestImages.png(storedRotated), "eXIf", TestImages.exifTiff(6, false));
        BufferedImage out = TestImages.read(TestImages.transform(png, Transform.parseQuery("f=png")));
        assertThat(out.getWidth()).isEqualTo(160);
        FitGeometryTest.assertCorners(out, "RED", "GREEN", "BLUE", "YELLOW");
    }

    @Test
    void malformedExifIsIgnoredRatherThanFailingTheImage() {
        byte[] jpeg = TestImages.jpeg(TestImages.quadrants(160, 80), 0.95f);
        byte[] badOffset = {'M', 'M', 0, 42, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF, (byte) 0xF0};
        byte[] truncated = java.util.Arrays.copyOf(TestImages.exifTiff(6, true), 12);
        for (byte[] tiff : new byte[][] {badOffset, truncated, new byte[0]}) {
            BufferedImage out = TestImages.read(TestImages.transform(TestImages.withExifPayload(jpeg, tiff),
                    Transform.parseQuery("f=png")));
            assertThat(out.getWidth()).isEqualTo(160);
            FitGeometryTest.assertCorners(out, "RED", "GREEN", "BLUE", "YELLOW");
        }
    }

    private static byte[] stored(int orientation, String tl, String tr, String bl, String br, boolean portrait,
                                 boolean littleEndian) {
        BufferedImage img = TestImages.quadrants(portrait ? 80 : 160, portrait ? 160 : 80,
                colour(tl), colour(tr), colour(bl), colour(br));
        return TestImages.withExifOrientation(TestImages.jpeg(img, 0.95f), orientation, littleEndian);
    }

    private static Color colour(String name) {
        return switch (name) {
            case "RED" -> RED;
            case "GREEN" -> GREEN;
            case "BLUE" -> BLUE;
            default -> YELLOW;
        };
    }
}
