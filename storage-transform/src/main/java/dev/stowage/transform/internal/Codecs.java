package dev.stowage.transform.internal;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.TransformException;
import java.io.IOException;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageReader;
import javax.imageio.ImageWriter;
import javax.imageio.spi.IIORegistry;
import javax.imageio.spi.ImageReaderSpi;
import javax.imageio.spi.ImageWriterSpi;

/**
 * Finds the ImageIO plugins once and hands out fresh reader and writer instances (instances are not
 * thread-safe; providers are). Plugins come from the ImageIO registry, which scans the class path and
 * the modules bound to {@code java.desktop}'s {@code uses} clauses.
 */
public final class Codecs {
    private static final String WEBP_WRITER = "com.luciad.imageio.webp.";

    private Codecs() {
    }

    /** A new reader for {@code format}. */
    static ImageReader reader(SourceFormat format) throws IOException {
        ImageReaderSpi spi = Readers.BY_FORMAT.get(format);
        if (spi == null) {
            throw new TransformException(ErrorKind.UNSUPPORTED_FORMAT, null,
                    "No ImageIO reader for " + format.formatName() + " is installed", null);
        }
        return spi.createReaderInstance();
    }

    /** A new writer for the ImageIO format name {@code jpeg}, {@code png} or {@code webp}. */
    static ImageWriter writer(String formatName) throws IOException {
        ImageWriterSpi spi = Writers.find(formatName);
        if (spi == null) {
            throw new TransformException(ErrorKind.ENCODER_UNAVAILABLE, "f",
                    "No ImageIO writer for " + formatName + " is installed", null);
        }
        return spi.createWriterInstance();
    }

    /** Whether a WebP encoder is installed and its native library loads on this platform. */
    public static boolean webpEncoderAvailable() {
        return WebpProbe.PROBLEM == null;
    }

    /** Why WebP cannot be encoded here, or {@code null} if it can. */
    static String webpEncoderProblem() {
        return WebpProbe.PROBLEM;
    }

    private static final class Readers {
        static final Map<SourceFormat, ImageReaderSpi> BY_FORMAT = new EnumMap<>(SourceFormat.class);

        static {
            for (SourceFormat format : SourceFormat.values()) {
                ImageReaderSpi chosen = null;
                Iterator<ImageReaderSpi> it = IIORegistry.getDefaultInstance()
                        .getServiceProviders(ImageReaderSpi.class, true);
                while (it.hasNext()) {
                    ImageReaderSpi spi = it.next();
                    if (!handles(spi.getFormatNames(), format.formatName())) {
                        continue;
                    }
                    if (chosen == null || spi.getClass().getName().startsWith(format.preferredReader())
                            && !chosen.getClass().getName().startsWith(format.preferredReader())) {
                        chosen = spi;
                    }
                }
                if (chosen != null) {
                    BY_FORMAT.put(format, chosen);
                }
            }
        }
    }

    private static final class Writers {
        static ImageWriterSpi find(String formatName) {
            ImageWriterSpi chosen = null;
            Iterator<ImageWriterSpi> it = IIORegistry.getDefaultInstance().getServiceProviders(ImageWriterSpi.class, true);
            while (it.hasNext()) {
                ImageWriterSpi spi = it.next();
                if (!handles(spi.getFormatNames(), formatName)) {
                    continue;
                }
                // The JDK's own JPEG and PNG writers are the reference; a delegating plugin adds nothing here.
                if (chosen == null || spi.getClass().getName().startsWith("com.sun.imageio.")) {
                    chosen = spi;
                }
            }
            return chosen;
        }
    }

    /** Loads the WebP encoder's native library once, on first use, and remembers why it failed if it did. */
    private static final class WebpProbe {
        static final String PROBLEM = probe();

        private static String probe() {
            String platform = System.getProperty("os.name") + "/" + System.getProperty("os.arch");
            ImageWriterSpi spi = Writers.find("webp");
            if (spi == null || !spi.getClass().getName().startsWith(WEBP_WRITER)) {
                return "no WebP encoder is installed (add com.github.usefulness:webp-imageio)";
            }
            try {
                ImageWriter writer = spi.createWriterInstance();
                writer.getDefaultWriteParam(); // loads libwebp
                writer.dispose();
                return null;
            } catch (NoClassDefFoundError e) {
                // On the module path nothing requires the plugin's Kotlin runtime, so it is not resolved.
                return "the WebP encoder cannot load its Kotlin runtime (" + e.getMessage() + "); on the module "
                        + "path add --add-modules kotlin.stdlib";
            } catch (IOException | RuntimeException | LinkageError e) {
                return "the WebP encoder's native libwebp does not load on " + platform
                        + " (it is bundled for Linux x86, x86_64, aarch64, arm, armv6, armv7, ppc64; macOS x86_64,"
                        + " aarch64; Windows x86, x86_64): " + e;
            }
        }
    }

    private static boolean handles(String[] names, String formatName) {
        return Arrays.stream(names).anyMatch(n -> n.toLowerCase(Locale.ROOT).equals(formatName));
    }
}
