package dev.stowage.transform;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.stowage.transform.internal.vips.Vips;
import java.awt.image.BufferedImage;
import java.util.stream.Stream;

/** The engines tests run on: the Java engine always, libvips where installed (and always under {@code CI=true}). */
final class Engines {
    private Engines() {
    }

    static Stream<EngineChoice> both() {
        return Stream.of(EngineChoice.JAVA, EngineChoice.VIPS);
    }

    /** A transformer on {@code choice}; skips (or fails under CI) when libvips is missing. */
    static ImageTransformer transformer(EngineChoice choice, TransformLimits limits) {
        if (choice == EngineChoice.VIPS) {
            requireVips();
        }
        return new ImageTransformer(limits, choice);
    }

    static ImageTransformer transformer(EngineChoice choice) {
        return transformer(choice, TransformLimits.DEFAULTS);
    }

    static void requireVips() {
        if (!Vips.available()) {
            String message = "libvips is not available (" + Vips.problem() + "); install it with "
                    + "storage-transform/scripts/install-libvips.sh or apt-get install -y --no-install-recommends "
                    + "libvips42";
            if ("true".equals(System.getenv("CI"))) {
                fail(message);
            }
            assumeTrue(false, message);
        }
    }

    /**
     * Mean absolute difference per RGB sample, 0–255, of colours premultiplied by alpha (the colour of a fully
     * transparent pixel is invisible and engines leave different values there); both images the same size.
     */
    static double meanAbsoluteError(BufferedImage a, BufferedImage b) {
        long sum = 0;
        for (int y = 0; y < a.getHeight(); y++) {
            for (int x = 0; x < a.getWidth(); x++) {
                int p = premultiplied(a.getRGB(x, y));
                int q = premultiplied(b.getRGB(x, y));
                sum += Math.abs((p >> 16 & 0xFF) - (q >> 16 & 0xFF)) + Math.abs((p >> 8 & 0xFF) - (q >> 8 & 0xFF))
                        + Math.abs((p & 0xFF) - (q & 0xFF));
            }
        }
        return sum / (3.0 * a.getWidth() * a.getHeight());
    }

    private static int premultiplied(int argb) {
        int alpha = argb >>> 24;
        int r = (argb >> 16 & 0xFF) * alpha / 255;
        int g = (argb >> 8 & 0xFF) * alpha / 255;
        int b = (argb & 0xFF) * alpha / 255;
        return r << 16 | g << 8 | b;
    }
}
