package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Damaged files of every source format, on both engines: cut short at many points and with random bytes
 * overwritten. Each must give an image or a {@link TransformException}; nothing else escapes (and, for libvips,
 * the JVM survives: a native crash would end the test run).
 */
class DamagedSourcesEnginesTest {
    static Stream<EngineChoice> engines() {
        return Engines.both();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void damagedFilesGiveAnImageOrATransformExceptionNeverAnythingElse(EngineChoice engine) {
        ImageTransformer transformer = Engines.transformer(engine);
        java.awt.image.BufferedImage photo = TestImages.photoLike(160, 120, 9);
        byte[][] sources = {TestImages.jpeg(photo, 0.9f), DecoderBoundsEnginesTest.progressiveJpeg(photo),
            TestImages.png(photo), TestImages.encode(photo, "gif"),
            TestImages.transform(Engines.transformer(EngineChoice.JAVA), TestImages.png(photo),
                    Transform.parseQuery("f=webp"))};
        Random random = new Random(20261130);
        int refused = 0;
        int made = 0;
        for (byte[] source : sources) {
            for (int k = 0; k < 30; k++) {
                byte[] damaged;
                if (k < 15) {
                    damaged = java.util.Arrays.copyOf(source, 16 + random.nextInt(source.length - 16));
                } else {
                    damaged = source.clone();
                    for (int n = 0; n < 1 + random.nextInt(8); n++) {
                        damaged[16 + random.nextInt(damaged.length - 16)] = (byte) random.nextInt(256);
                    }
                }
                try {
                    TestImages.transform(transformer, damaged, Transform.parseQuery("w=80&f=png"));
                    made++;
                } catch (TransformException e) {
                    assertThat(e.kind()).isIn(ErrorKind.CORRUPT_IMAGE, ErrorKind.UNSUPPORTED_FORMAT,
                            ErrorKind.SOURCE_TOO_LARGE, ErrorKind.SOURCE_TOO_COMPLEX);
                    refused++;
                }
            }
        }
        assertThat(refused + made).isEqualTo(150);
        assertThat(refused).as("truncated files are refused").isGreaterThan(40);
    }
}
