package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.transform.internal.vips.Vips;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Choosing the engine, asking which one runs, and what only libvips can do (AVIF, smart crop). */
class EngineSelectionTest {
    private static final byte[] PHOTO = TestImages.jpeg(TestImages.photoLike(800, 600, 11), 0.9f);

    @Test
    void javaEngineCanBeForcedAndSaysSo() {
        EngineInfo info = new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.JAVA).engine();
        assertThat(info.name()).isEqualTo("java");
        assertThat(info.isVips()).isFalse();
        assertThat(info.avif()).isFalse();
        assertThat(info.toString()).startsWith("java ").endsWith("(ImageIO)");
    }

    @Test
    void autoPicksLibvipsWhereItIsInstalled() {
        Engines.requireVips();
        EngineInfo info = new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.AUTO).engine();
        assertThat(info.name()).isEqualTo("libvips");
        assertThat(info.version()).matches("8\\.\\d+\\.\\d+.*");
        assertThat(info.toString()).isEqualTo("libvips " + info.version());
    }

    @Test
    void forcingVipsWhereItIsMissingSaysHowToInstallIt() {
        if (Vips.available()) {
            assertThat(new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.VIPS).engine().isVips()).isTrue();
        } else {
            assertThatThrownBy(() -> new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.VIPS))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("apt-get install libvips42");
        }
    }

    @Test
    void engineNamesParseAndUnknownOnesAreRefusedNamingTheChoices() {
        assertThat(EngineChoice.parse("VIPS")).isEqualTo(EngineChoice.VIPS);
        assertThat(EngineChoice.parse(" java ")).isEqualTo(EngineChoice.JAVA);
        assertThatThrownBy(() -> EngineChoice.parse("magick")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'magick'").hasMessageContaining("auto, vips or java");
    }

    @Test
    void libvipsWritesAvifAndAutoChoosesItForBrowsersThatAcceptIt() throws Exception {
        ImageTransformer vips = Engines.transformer(EngineChoice.VIPS);
        org.junit.jupiter.api.Assumptions.assumeTrue(vips.engine().avif(), "this libvips has no AV1 encoder");
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        TransformResult r = vips.transform(new java.io.ByteArrayInputStream(PHOTO), Transform.parseQuery("w=200"),
                "image/avif,image/webp,*/*", out);
        assertThat(r.format()).isEqualTo(OutputFormat.AVIF);
        assertThat(r.mediaType()).isEqualTo("image/avif");
        byte[] avif = out.toByteArray();
        // ISO-BMFF: a 'ftyp' box whose brand is 'avif'
        assertThat(new String(avif, 4, 8, java.nio.charset.StandardCharsets.US_ASCII)).isEqualTo("ftypavif");
        // and libvips (libheif + dav1d/aom) reads it back at the size written
        BufferedImage back = TestImages.read(TestImages.transform(vips, avifToPng(vips, avif), Transform.parseQuery("f=png")));
        assertThat(back.getWidth()).isEqualTo(200);
        assertThat(back.getHeight()).isEqualTo(150);
    }

    /** The AVIF decoded by libvips itself (not one of this module's source formats) to PNG, through its CLI. */
    private static byte[] avifToPng(ImageTransformer unused, byte[] avif) throws Exception {
        java.nio.file.Path in = java.nio.file.Files.createTempFile("stowage", ".avif");
        java.nio.file.Path out = java.nio.file.Files.createTempFile("stowage", ".png");
        try {
            java.nio.file.Files.write(in, avif);
            Process p = new ProcessBuilder("vips", "copy", in.toString(), out.toString()).redirectErrorStream(true)
                    .start();
            String log = new String(p.getInputStream().readAllBytes());
            org.junit.jupiter.api.Assumptions.assumeTrue(p.waitFor() == 0, "the vips command could not read it: " + log);
            return java.nio.file.Files.readAllBytes(out);
        } finally {
            java.nio.file.Files.deleteIfExists(in);
            java.nio.file.Files.deleteIfExists(out);
        }
    }

    @Test
    void javaEngineRefusesAvifByName() {
        ImageTransformer java = Engines.transformer(EngineChoice.JAVA);
        assertThatThrownBy(() -> TestImages.transform(java, PHOTO, Transform.parseQuery("w=100&f=avif")))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.ENCODER_UNAVAILABLE);
                    assertThat(e.parameter()).contains("f");
                }).hasMessageContaining("AVIF");
        assertThat(java.canEncode(OutputFormat.AVIF)).isFalse();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void smartCropKeepsTheDetailedPartOfTheImage(EngineChoice engine) {
        ImageTransformer transformer = Engines.transformer(engine);
        // Flat grey with a detailed patch in the bottom-right corner: the crop must move there, on the
        // horizontal axis for a landscape source and on the vertical one for a portrait source.
        for (int[] size : new int[][] {{800, 400}, {400, 800}}) {
            BufferedImage img = TestImages.solid(size[0], size[1], new java.awt.Color(128, 128, 128),
                    BufferedImage.TYPE_3BYTE_BGR);
            img.getGraphics().drawImage(TestImages.photoLike(200, 200, 3), size[0] - 200, size[1] - 200, null);
            byte[] png = TestImages.png(img);
            for (String g : List.of("entropy", "attention")) {
                BufferedImage out = TestImages.read(TestImages.transform(transformer, png,
                        Transform.parseQuery("w=200&h=200&fit=cover&f=png&g=" + g)));
                assertThat(out.getWidth()).isEqualTo(200);
                assertThat(out.getHeight()).isEqualTo(200);
                // the bottom-right of the crop shows the patch, which a centred crop would not reach
                assertThat(TestImages.near(out.getRGB(190, 190), new java.awt.Color(128, 128, 128), 2))
                        .as(g + " on " + size[0] + "x" + size[1]).isFalse();
            }
        }
    }

    static java.util.stream.Stream<EngineChoice> engines() {
        return Engines.both();
    }

    @ParameterizedTest
    @MethodSource("engines")
    void oneTransformerServesManyThreadsAtOnce(EngineChoice engine) throws Exception {
        ImageTransformer shared = Engines.transformer(engine);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<BufferedImage>> results = new ArrayList<>();
            for (int i = 0; i < 16; i++) {
                int w = 50 + i * 10;
                results.add(pool.submit(() -> TestImages.read(TestImages.transform(shared, PHOTO,
                        Transform.parseQuery("w=" + w + "&h=" + w + "&f=png")))));
            }
            for (int i = 0; i < 16; i++) {
                assertThat(results.get(i).get().getWidth()).isEqualTo(50 + i * 10);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
