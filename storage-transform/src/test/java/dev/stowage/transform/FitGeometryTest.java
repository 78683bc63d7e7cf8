package dev.stowage.transform;

import static dev.stowage.transform.TestImages.BLUE;
import static dev.stowage.transform.TestImages.GREEN;
import static dev.stowage.transform.TestImages.RED;
import static dev.stowage.transform.TestImages.YELLOW;
import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Golden output sizes for every fit and aspect ratio, and where cover crops and contain letterboxes land. */
class FitGeometryTest {
    private static final Map<String, byte[]> SOURCES = new HashMap<>();

    private static byte[] source(int w, int h) {
        return SOURCES.computeIfAbsent(w + "x" + h, k -> TestImages.png(TestImages.quadrants(w, h)));
    }

    @ParameterizedTest(name = "{0}x{1} {2} {3} -> {4}x{5}")
    @CsvSource({
        // landscape 2:1 source
        "400, 200, w=100&h=100, cover, 100, 100",
        "400, 200, w=100&h=100, contain, 100, 100",
        "400, 200, w=100&h=100, fill, 100, 100",
        "400, 200, w=100&h=100, inside, 100, 50",
        "400, 200, w=100&h=100, outside, 200, 100",
        "400, 200, w=200&h=50, inside, 100, 50",
        "400, 200, w=200&h=50, outside, 200, 100",
        "400, 200, w=50&h=200, inside, 50, 25",
        "400, 200, w=50&h=200, outside, 400, 200",
        "400, 200, w=50&h=200, cover, 50, 200",
        // portrait 1:2 source
        "200, 400, w=100&h=100, cover, 100, 100",
        "200, 400, w=100&h=100, inside, 50, 100",
        "200, 400, w=100&h=100, outside, 100, 200",
        "200, 400, w=200&h=50, inside, 25, 50",
        "200, 400, w=200&h=50, outside, 200, 400",
        "200, 400, w=50&h=200, contain, 50, 200",
        // square source
        "300, 300, w=100&h=100, inside, 100, 100",
        "300, 300, w=200&h=50, inside, 50, 50",
        "300, 300, w=200&h=50, outside, 200, 200",
        "300, 300, w=200&h=50, fill, 200, 50",
        // one dimension keeps the aspect ratio whatever the fit; none keeps the size; dpr multiplies
        "400, 200, w=100, cover, 100, 50",
        "400, 200, h=100, inside, 200, 100",
        "200, 400, w=50, fill, 50, 100",
        "400, 200, '', cover, 400, 200",
        "400, 200, w=100&dpr=2, cover, 200, 100",
        "400, 200, w=50&h=50&dpr=1.5, cover, 75, 75",
        // enlarging is allowed
        "400, 200, w=800, inside, 800, 400",
        "3, 1, w=2, inside, 2, 1",
        "1000, 1, w=10, inside, 10, 1"})
    void outputSizeFollowsTheFit(int sw, int sh, String size, String fit, int ew, int eh) {
        Transform t = Transform.parseQuery(size + (size.isEmpty() ? "" : "&") + "fit=" + fit + "&f=png");
        BufferedImage out = TestImages.read(TestImages.transform(source(sw, sh), t));
        assertThat(out.getWidth()).isEqualTo(ew);
        assertThat(out.getHeight()).isEqualTo(eh);
    }

    @ParameterizedTest(name = "landscape {0}")
    @CsvSource({
        "centre, RED, GREEN, BLUE, YELLOW",
        "north, RED, GREEN, BLUE, YELLOW",
        "south, RED, GREEN, BLUE, YELLOW",
        "east, GREEN, GREEN, YELLOW, YELLOW",
        "west, RED, RED, BLUE, BLUE",
        "northeast, GREEN, GREEN, YELLOW, YELLOW",
        "southeast, GREEN, GREEN, YELLOW, YELLOW",
        "northwest, RED, RED, BLUE, BLUE",
        "southwest, RED, RED, BLUE, BLUE"})
    void coverCropOfLandscapeKeepsTheGravitySide(String gravity, String tl, String tr, String bl, String br) {
        assertCorners(source(400, 200), "w=100&h=100&fit=cover&f=png&g=" + gravity, tl, tr, bl, br);
    }

    @ParameterizedTest(name = "portrait {0}")
    @CsvSource({
        "centre, RED, GREEN, BLUE, YELLOW",
        "east, RED, GREEN, BLUE, YELLOW",
        "west, RED, GREEN, BLUE, YELLOW",
        "north, RED, GREEN, RED, GREEN",
        "northeast, RED, GREEN, RED, GREEN",
        "northwest, RED, GREEN, RED, GREEN",
        "south, BLUE, YELLOW, BLUE, YELLOW",
        "southeast, BLUE, YELLOW, BLUE, YELLOW",
        "southwest, BLUE, YELLOW, BLUE, YELLOW"})
    void coverCropOfPortraitKeepsTheGravitySide(String gravity, String tl, String tr, String bl, String br) {
        assertCorners(source(200, 400), "w=100&h=100&fit=cover&f=png&g=" + gravity, tl, tr, bl, br);
    }

    @Test
    void containLetterboxesWithTheBackgroundAroundTheCentredImage() {
        byte[] red = TestImages.png(TestImages.solid(400, 200, RED, BufferedImage.TYPE_3BYTE_BGR));
        BufferedImage out = TestImages.read(TestImages.transform(red,
                Transform.parseQuery("w=100&h=100&fit=contain&bg=0000ff&f=png")));
        // image is 100×50, rows 25–74
        assertThat(TestImages.near(out.getRGB(50, 10), BLUE, 2)).isTrue();
        assertThat(TestImages.near(out.getRGB(50, 50), RED, 2)).isTrue();
        assertThat(TestImages.near(out.getRGB(50, 90), BLUE, 2)).isTrue();
        assertThat(TestImages.near(out.getRGB(50, 24), BLUE, 2)).isTrue();
        assertThat(TestImages.near(out.getRGB(50, 25), RED, 2)).isTrue();
    }

    @Test
    void containGravityPlacesTheImageInTheLetterbox() {
        byte[] red = TestImages.png(TestImages.solid(400, 200, RED, BufferedImage.TYPE_3BYTE_BGR));
        BufferedImage out = TestImages.read(TestImages.transform(red,
                Transform.parseQuery("w=100&h=100&fit=contain&g=south&f=png")));
        assertThat(TestImages.near(out.getRGB(50, 10), Color.WHITE, 2)).as("default background is white").isTrue();
        assertThat(TestImages.near(out.getRGB(50, 90), RED, 2)).isTrue();
    }

    @Test
    void fillStretchesTheWholeSource() {
        BufferedImage out = TestImages.read(TestImages.transform(source(400, 200),
                Transform.parseQuery("w=100&h=300&fit=fill&f=png")));
        assertCorners(out, "RED", "GREEN", "BLUE", "YELLOW");
    }

    static void assertCorners(byte[] source, String query, String tl, String tr, String bl, String br) {
        assertCorners(TestImages.read(TestImages.transform(source, Transform.parseQuery(query))), tl, tr, bl, br);
    }

    /** Checks the colour at the centre of each output quadrant. */
    static void assertCorners(BufferedImage out, String tl, String tr, String bl, String br) {
        int w = out.getWidth();
        int h = out.getHeight();
        int[][] points = {{w / 4, h / 4}, {3 * w / 4, h / 4}, {w / 4, 3 * h / 4}, {3 * w / 4, 3 * h / 4}};
        String[] expected = {tl, tr, bl, br};
        for (int i = 0; i < 4; i++) {
            int rgb = out.getRGB(points[i][0], points[i][1]);
            assertThat(TestImages.near(rgb, colour(expected[i]), 40))
                    .as("quadrant %d at (%d,%d) is %s, expected %s", i, points[i][0], points[i][1],
                            TestImages.describe(rgb), expected[i])
                    .isTrue();
        }
    }

    private static Color colour(String name) {
        return switch (name) {
            case "RED" -> RED;
            case "GREEN" -> GREEN;
            case "BLUE" -> BLUE;
            case "YELLOW" -> YELLOW;
            default -> throw new IllegalArgumentException(name);
        };
    }
}
