package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingSupplier;

class SafetyLimitsTest {
    private static final ImageTransformer DEFAULT = new ImageTransformer(TransformLimits.DEFAULTS);
    private static final Duration NO_HANG = Duration.ofSeconds(10);

    private static TransformException refusal(ImageTransformer transformer, byte[] source, String query) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ThrowingSupplier<Throwable> run = () -> {
            try {
                transformer.transform(new ByteArrayInputStream(source), Transform.parseQuery(query), out);
                return null;
            } catch (TransformException e) {
                return e;
            }
        };
        Throwable thrown = assertTimeoutPreemptively(NO_HANG, run);
        assertThat(thrown).as("refused").isInstanceOf(TransformException.class);
        assertThat(out.size()).as("nothing written on refusal").isZero();
        return (TransformException) thrown;
    }

    @Test
    void pngDecompressionBombIsRefusedFromItsHeader() {
        TransformException e = refusal(DEFAULT, TestImages.pngBombHeader(100_000, 100_000), "w=100");
        assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_TOO_LARGE);
        assertThat(e.kind().httpStatus()).isEqualTo(413);
        assertThat(e.parameter()).contains("maxSourcePixels");
        assertThat(e).hasMessageContaining("100000×100000").hasMessageContaining("10000000000")
                .hasMessageContaining("100000000");
    }

    @Test
    void jpegDecompressionBombIsRefusedFromItsHeader() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(16, 16, 1), 0.9f);
        for (int p = 2; p < jpeg.length - 9; p++) {
            if ((jpeg[p] & 0xFF) == 0xFF && (jpeg[p + 1] & 0xFF) == 0xC0) { // SOF0: claim 60000×60000
                jpeg[p + 5] = (byte) 0xEA;
                jpeg[p + 6] = 0x60;
                jpeg[p + 7] = (byte) 0xEA;
                jpeg[p + 8] = 0x60;
                break;
            }
        }
        TransformException e = refusal(DEFAULT, jpeg, "w=100");
        assertThat(e.parameter()).contains("maxSourcePixels");
        assertThat(e).hasMessageContaining("60000×60000");
    }

    @Test
    void truncatedJpegIsACorruptImageAndDoesNotHang() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(400, 300, 2), 0.9f);
        TransformException e = refusal(DEFAULT, Arrays.copyOf(jpeg, jpeg.length / 2), "w=100");
        assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_IMAGE);
        assertThat(e.kind().httpStatus()).isEqualTo(422);
        assertThat(e).hasMessageContaining("JPEG").hasMessageContaining("truncated");
    }

    @Test
    void truncatedPngIsACorruptImage() {
        byte[] png = TestImages.png(TestImages.photoLike(200, 100, 3));
        TransformException e = refusal(DEFAULT, Arrays.copyOf(png, png.length / 2), "w=50");
        assertThat(e.kind()).isEqualTo(ErrorKind.CORRUPT_IMAGE);
        assertThat(e).hasMessageContaining("PNG");
    }

    @Test
    void garbageAfterAJpegSignatureIsACorruptImageAndDoesNotHang() {
        byte[] junk = new byte[20_000];
        new Random(4).nextBytes(junk);
        junk[0] = (byte) 0xFF;
        junk[1] = (byte) 0xD8;
        junk[2] = (byte) 0xFF;
        assertThat(refusal(DEFAULT, junk, "w=50").kind()).isEqualTo(ErrorKind.CORRUPT_IMAGE);
    }

    @Test
    void nonImagesAreUnsupportedMediaTypes() {
        TransformException e = refusal(DEFAULT, "<html>not an image</html>".getBytes(StandardCharsets.UTF_8), "");
        assertThat(e.kind()).isEqualTo(ErrorKind.UNSUPPORTED_FORMAT);
        assertThat(e.kind().httpStatus()).isEqualTo(415);
        assertThat(refusal(DEFAULT, new byte[0], "").kind()).isEqualTo(ErrorKind.UNSUPPORTED_FORMAT);
    }

    @Test
    void sourceOverTheByteLimitIsRefusedWhileReading() {
        byte[] png = TestImages.png(TestImages.photoLike(100, 100, 5));
        ImageTransformer small = new ImageTransformer(TransformLimits.builder().maxSourceBytes(1000).build());
        TransformException e = refusal(small, png, "");
        assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_TOO_LARGE);
        assertThat(e.parameter()).contains("maxSourceBytes");
        assertThat(e).hasMessageContaining("1000");

        ImageTransformer exact = new ImageTransformer(TransformLimits.builder().maxSourceBytes(png.length).build());
        assertThat(TestImages.transform(exact, png, Transform.parseQuery("w=10"))).isNotEmpty();
    }

    @Test
    void outputOverThePixelLimitIsRefusedBeforeDecoding() {
        byte[] png = TestImages.png(TestImages.photoLike(10, 10, 6));
        TransformException e = refusal(DEFAULT, png, "w=6000&h=6000&fit=fill");
        assertThat(e.kind()).isEqualTo(ErrorKind.OUTPUT_TOO_LARGE);
        assertThat(e.parameter()).contains("maxOutputPixels");
        assertThat(e).hasMessageContaining("6000×6000").hasMessageContaining("25000000");
    }

    @Test
    void thumbnailOfALargeJpegFitsAMemoryBudgetThatAFullDecodeWouldExceed() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(2000, 1500, 7), 0.85f);
        // A full decode needs about 2000×1500×8 = 24 MB by the estimate; a 100-pixel thumbnail decodes 1/16.
        ImageTransformer tight = new ImageTransformer(TransformLimits.builder().memoryBudgetBytes(8 << 20).build());
        BufferedImage thumb = TestImages.read(TestImages.transform(tight, jpeg, Transform.parseQuery("w=100")));
        assertThat(thumb.getWidth()).isEqualTo(100);

        TransformException e = refusal(tight, jpeg, "w=1000");
        assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_TOO_LARGE);
        assertThat(e.parameter()).contains("memoryBudgetBytes");
        assertThat(e).hasMessageContaining(String.valueOf(8 << 20));
    }

    @Test
    void slowDecodeIsAbandonedAtTheTimeout() {
        byte[] jpeg = TestImages.jpeg(TestImages.photoLike(2000, 1500, 8), 0.9f);
        ImageTransformer hasty = new ImageTransformer(TransformLimits.builder().timeout(Duration.ofNanos(1)).build());
        TransformException e = refusal(hasty, jpeg, "w=1000");
        assertThat(e.kind()).isEqualTo(ErrorKind.TIMEOUT);
        assertThat(e.parameter()).contains("timeout");
    }

    @Test
    void failingSourceStreamSurfacesAsIoException() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };
        assertThatThrownBy(() -> DEFAULT.transform(broken, Transform.parseQuery("w=10"), new ByteArrayOutputStream()))
                .isInstanceOf(IOException.class).hasMessage("connection reset");
    }

    @Test
    void limitsMustBePositive() {
        assertThatThrownBy(() -> TransformLimits.builder().maxSourcePixels(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxSourcePixels");
        assertThatThrownBy(() -> TransformLimits.builder().timeout(Duration.ZERO).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
    }
}
