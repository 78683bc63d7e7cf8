package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormatsTest {
    private static final ImageTransformer TRANSFORMER = new ImageTransformer(TransformLimits.DEFAULTS);

    private static byte[] source(String format) {
        BufferedImage quadrants = TestImages.quadrants(120, 80);
        return switch (format) {
            case "jpeg" -> TestImages.jpeg(quadrants, 0.95f);
            case "webp" -> TestImages.transform(TestImages.png(quadrants), Transform.parseQuery("f=webp&q=95"));
            case "gif-indexed" -> TestImages.encode(toIndexed(quadrants), "gif");
            case "png-indexed" -> TestImages.png(toIndexed(quadrants));
            default -> TestImages.encode(quadrants, format);
        };
    }

    private static BufferedImage toIndexed(BufferedImage img) {
        BufferedImage indexed = new BufferedImage(img.getWidth(), img.getHeight(), BufferedImage.TYPE_BYTE_INDEXED);
        indexed.createGraphics().drawImage(img, 0, 0, null);
        return indexed;
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "png-indexed", "gif-indexed", "bmp", "webp"})
    void everySourceFormatDecodesToTheSamePicture(String format) {
        BufferedImage out = TestImages.read(TestImages.transform(source(format), Transform.parseQuery("w=60&f=png")));
        assertThat(out.getWidth()).isEqualTo(60);
        assertThat(out.getHeight()).isEqualTo(40);
        FitGeometryTest.assertCorners(out, "RED", "GREEN", "BLUE", "YELLOW");
    }

    @Test
    void animatedGifGivesItsFirstFrame() throws IOException {
        ImageWriter writer = ImageIO.getImageWritersByFormatName("gif").next();
        ByteArrayOutputStream gif = new ByteArrayOutputStream();
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(gif)) {
            writer.setOutput(ios);
            writer.prepareWriteSequence(null);
            for (Color c : new Color[] {Color.RED, Color.BLUE}) {
                writer.writeToSequence(new IIOImage(TestImages.solid(32, 32, c, BufferedImage.TYPE_BYTE_INDEXED),
                        null, null), null);
            }
            writer.endWriteSequence();
        }
        writer.dispose();
        BufferedImage out = TestImages.read(TestImages.transform(gif.toByteArray(), Transform.parseQuery("f=png")));
        assertThat(TestImages.near(out.getRGB(16, 16), Color.RED, 4)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"jpeg", "png", "webp"})
    void everyOutputFormatIsWrittenWithItsSignatureAndMediaType(String format) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TransformResult result = TRANSFORMER.transform(new ByteArrayInputStream(source("png")),
                Transform.parseQuery("w=30&h=30&f=" + format), out);
        byte[] bytes = out.toByteArray();
        assertThat(result.bytes()).isEqualTo(bytes.length);
        assertThat(result.width()).isEqualTo(30);
        assertThat(result.height()).isEqualTo(30);
        assertThat(result.sourceWidth()).isEqualTo(120);
        assertThat(result.sourceHeight()).isEqualTo(80);
        switch (format) {
            case "jpeg" -> {
                assertThat(bytes).startsWith(0xFF, 0xD8, 0xFF);
                assertThat(result.mediaType()).isEqualTo("image/jpeg");
            }
            case "png" -> {
                assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
                assertThat(result.mediaType()).isEqualTo("image/png");
            }
            default -> {
                assertThat(new String(bytes, 8, 4, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("WEBP");
                assertThat(result.mediaType()).isEqualTo("image/webp");
            }
        }
        assertThat(TestImages.read(bytes).getWidth()).isEqualTo(30);
    }

    @Test
    void lowerQualityGivesSmallerJpegAndWebp() {
        byte[] photo = TestImages.png(TestImages.photoLike(300, 200, 9));
        for (String f : new String[] {"jpeg", "webp"}) {
            int small = TestImages.transform(photo, Transform.parseQuery("f=" + f + "&q=30")).length;
            int large = TestImages.transform(photo, Transform.parseQuery("f=" + f + "&q=95")).length;
            assertThat(small).as(f).isLessThan(large);
        }
    }

    @Test
    void outputStreamIsLeftOpenForTheCaller() throws IOException {
        boolean[] closed = {false};
        ByteArrayOutputStream out = new ByteArrayOutputStream() {
            @Override
            public void close() {
                closed[0] = true;
            }
        };
        TRANSFORMER.transform(new ByteArrayInputStream(source("png")), Transform.parseQuery("w=10&f=png"), out);
        assertThat(closed[0]).isFalse();
        assertThat(out.size()).isPositive();
    }
}
