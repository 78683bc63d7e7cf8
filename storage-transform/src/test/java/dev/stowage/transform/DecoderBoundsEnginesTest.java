package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Hostile inputs on both engines: a progressive JPEG with thousands of scans is refused from its markers in a
 * fraction of the time limit; the time limit stops work already under way; 16-bit sources count as what they
 * decode to; every such refusal is its own, non-retryable kind.
 */
class DecoderBoundsEnginesTest {
    private static final byte[] PROGRESSIVE = progressiveJpeg(TestImages.photoLike(1600, 1000, 4));
    private static final byte[] MANY_SCANS = withRepeatedLastScan(PROGRESSIVE, 3000);

    static java.util.stream.Stream<EngineChoice> engines() {
        return Engines.both();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void jpegWithThousandsOfScansIsRefusedFromItsMarkersInWellUnderTheTimeLimit(EngineChoice engine) {
        ImageTransformer transformer = Engines.transformer(engine);
        long start = System.nanoTime();
        assertThatThrownBy(() -> TestImages.transform(transformer, MANY_SCANS, Transform.parseQuery("w=300")))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_TOO_COMPLEX);
                    assertThat(e.kind().httpStatus()).isEqualTo(422);
                    assertThat(e.kind().retryable()).isFalse();
                    assertThat(e.parameter()).contains("maxJpegScans");
                })
                .hasMessageContaining("more than 100 progressive scans");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void withTheScanBoundLiftedTheTimeLimitStillStopsTheDecode(EngineChoice engine) {
        // Unbounded, the Java engine spends minutes in libjpeg on this file (231 s measured for a 2560×1600
        // version); libvips gives up on its repeated progression as corrupt after about a second.
        ImageTransformer lax = Engines.transformer(engine, TransformLimits.builder().maxJpegScans(1_000_000)
                .timeout(Duration.ofSeconds(1)).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> TestImages.transform(lax, MANY_SCANS, Transform.parseQuery("w=300")))
                .isInstanceOfSatisfying(TransformException.class, e -> assertThat(e.kind())
                        .isIn(ErrorKind.TIMEOUT, ErrorKind.CORRUPT_IMAGE));
        // well under the minutes it would otherwise take; the margin is for a loaded CI machine
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(6));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void ordinaryProgressiveJpegIsTransformed(EngineChoice engine) {
        BufferedImage out = TestImages.read(TestImages.transform(Engines.transformer(engine), PROGRESSIVE,
                Transform.parseQuery("w=300")));
        assertThat(out.getWidth()).isEqualTo(300);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void scanLimitIsConfigurable(EngineChoice engine) {
        ImageTransformer strict = Engines.transformer(engine, TransformLimits.builder().maxJpegScans(3).build());
        assertThatThrownBy(() -> TestImages.transform(strict, PROGRESSIVE, Transform.parseQuery("w=300")))
                .isInstanceOfSatisfying(TransformException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_TOO_COMPLEX));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void timeLimitStopsWorkUnderWay(EngineChoice engine) {
        // A 3000×2000 canvas blurred with sigma 100 takes minutes on either engine; the limit is half a second.
        byte[] small = TestImages.jpeg(TestImages.photoLike(600, 400, 2), 0.9f);
        ImageTransformer hasty = Engines.transformer(engine,
                TransformLimits.builder().timeout(Duration.ofMillis(500)).build());
        long start = System.nanoTime();
        assertThatThrownBy(() -> TestImages.transform(hasty, small, Transform.parseQuery("w=3000&blur=100&f=png")))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
                    assertThat(e.kind().retryable()).isFalse();
                    assertThat(e.kind().httpStatus()).isEqualTo(422);
                    assertThat(e.parameter()).contains("timeout");
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @ParameterizedTest
    @MethodSource("engines")
    void sixteenBitPngIsTransformedToEightBit(EngineChoice engine) {
        byte[] png = EnginesGoldenTest.sixteenBit(600, 400);
        byte[] out = TestImages.transform(Engines.transformer(engine), png, Transform.parseQuery("w=300&f=png"));
        BufferedImage img = TestImages.read(out);
        assertThat(img.getWidth()).isEqualTo(300);
        assertThat(img.getColorModel().getComponentSize(0)).isEqualTo(8);
    }

    @ParameterizedTest
    @MethodSource("engines")
    void truncatedProgressiveJpegIsCorruptNotAHang(EngineChoice engine) {
        byte[] cut = java.util.Arrays.copyOf(PROGRESSIVE, PROGRESSIVE.length / 2);
        assertThatThrownBy(() -> TestImages.transform(Engines.transformer(engine), cut, Transform.parseQuery("w=300")))
                .isInstanceOfSatisfying(TransformException.class,
                        e -> assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_IMAGE));
    }

    static byte[] progressiveJpeg(BufferedImage img) {
        try {
            ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
            ImageWriteParam param = writer.getDefaultWriteParam();
            param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(out)) {
                writer.setOutput(ios);
                writer.write(null, new IIOImage(img, null, null), param);
            }
            writer.dispose();
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The JPEG with its smallest scan (header and entropy-coded data) repeated {@code times} more before EOI:
     * each copy is a well-formed scan header and data that libjpeg accepts with warnings (the progression repeats
     * itself), and each makes the decoder pass over every block again.
     */
    static byte[] withRepeatedLastScan(byte[] jpeg, int times) {
        java.util.List<Integer> starts = new java.util.ArrayList<>();
        for (int i = 2; i + 1 < jpeg.length; i++) {
            int m = jpeg[i + 1] & 0xFF;
            // markers that end a scan's data: SOS, DHT (progressive files put tables between scans), EOI
            if ((jpeg[i] & 0xFF) == 0xFF && (m == 0xDA || m == 0xC4 || m == 0xD9) && !starts.isEmpty()
                    || (jpeg[i] & 0xFF) == 0xFF && m == 0xDA) {
                starts.add(i);
            }
        }
        int eoi = jpeg.length - 2;
        assertThat(jpeg[eoi] & 0xFF).isEqualTo(0xFF);
        assertThat(jpeg[eoi + 1] & 0xFF).isEqualTo(0xD9);
        int best = -1;
        int bestLength = Integer.MAX_VALUE;
        for (int k = 0; k + 1 < starts.size(); k++) {
            int at = starts.get(k);
            int length = starts.get(k + 1) - at;
            if ((jpeg[at + 1] & 0xFF) == 0xDA && length > 0 && length < bestLength) {
                best = at;
                bestLength = length;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(jpeg, 0, eoi);
        for (int i = 0; i < times; i++) {
            out.write(jpeg, best, bestLength);
        }
        out.write(0xFF);
        out.write(0xD9);
        return out.toByteArray();
    }

    static ByteArrayInputStream in(byte[] b) {
        return new ByteArrayInputStream(b);
    }
}
