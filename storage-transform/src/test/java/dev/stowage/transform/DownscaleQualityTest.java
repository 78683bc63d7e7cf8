package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Downscaling averages every source pixel: no aliasing, no shift, flat areas stay flat. */
class DownscaleQualityTest {

    @Test
    void finestStripesAverageToGreyInsteadOfAliasing() {
        BufferedImage stripes = new BufferedImage(800, 600, BufferedImage.TYPE_3BYTE_BGR);
        for (int y = 0; y < 600; y++) {
            for (int x = 0; x < 800; x++) {
                stripes.setRGB(x, y, x % 2 == 0 ? 0xFFFFFF : 0x000000);
            }
        }
        BufferedImage out = TestImages.read(TestImages.transform(TestImages.png(stripes),
                Transform.parseQuery("w=130&f=png")));
        for (int x = 0; x < out.getWidth(); x++) {
            int v = out.getRGB(x, out.getHeight() / 2) & 0xFF;
            assertThat(v).as("column %d", x).isBetween(118, 138);
        }
    }

    @Test
    void downscaleMatchesAnAreaAverageOfTheSource() {
        BufferedImage photo = TestImages.photoLike(1200, 900, 11);
        BufferedImage out = TestImages.read(TestImages.transform(TestImages.png(photo),
                Transform.parseQuery("w=300&h=225&f=png")));
        double total = 0;
        for (int y = 0; y < 225; y++) {
            for (int x = 0; x < 300; x++) {
                int[] mean = new int[3];
                for (int j = 0; j < 4; j++) {
                    for (int i = 0; i < 4; i++) {
                        int rgb = photo.getRGB(4 * x + i, 4 * y + j);
                        mean[0] += rgb >> 16 & 0xFF;
                        mean[1] += rgb >> 8 & 0xFF;
                        mean[2] += rgb & 0xFF;
                    }
                }
                int rgb = out.getRGB(x, y);
                total += Math.abs(mean[0] / 16.0 - (rgb >> 16 & 0xFF)) + Math.abs(mean[1] / 16.0 - (rgb >> 8 & 0xFF))
                        + Math.abs(mean[2] / 16.0 - (rgb & 0xFF));
            }
        }
        assertThat(total / (300 * 225 * 3)).as("mean absolute error per sample").isLessThan(1.0);
    }

    @Test
    void enlargingInterpolatesSmoothly() {
        BufferedImage ramp = new BufferedImage(16, 1, BufferedImage.TYPE_3BYTE_BGR);
        for (int x = 0; x < 16; x++) {
            ramp.setRGB(x, 0, (x * 16) * 0x010101);
        }
        BufferedImage out = TestImages.read(TestImages.transform(TestImages.png(ramp),
                Transform.parseQuery("w=64&h=4&fit=fill&f=png")));
        for (int x = 1; x < 64; x++) {
            int step = (out.getRGB(x, 2) & 0xFF) - (out.getRGB(x - 1, 2) & 0xFF);
            assertThat(step).as("step at %d", x).isBetween(0, 8);
        }
    }

    @Test
    void flatColourStaysExactThroughAnyScale() {
        byte[] flat = TestImages.png(TestImages.solid(333, 217, new java.awt.Color(17, 130, 250),
                BufferedImage.TYPE_3BYTE_BGR));
        for (String q : new String[] {"w=100", "w=331", "w=500", "w=7&h=90&fit=fill"}) {
            BufferedImage out = TestImages.read(TestImages.transform(flat, Transform.parseQuery(q + "&f=png")));
            assertThat(out.getRGB(out.getWidth() / 2, out.getHeight() / 2) & 0xFFFFFF).as(q).isEqualTo(0x1182FA);
            assertThat(out.getRGB(0, 0) & 0xFFFFFF).as(q).isEqualTo(0x1182FA);
        }
    }
}
