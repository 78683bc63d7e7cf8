package dev.stowage.transform.internal;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.OutputFormat;
import dev.stowage.transform.TransformException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;
import javax.imageio.IIOImage;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.plugins.jpeg.JPEGImageWriteParam;
import javax.imageio.stream.MemoryCacheImageOutputStream;

/** Encodes {@link Pixels} as JPEG, PNG or WebP onto the caller's stream, with no metadata (the output is sRGB). */
final class Encoder {
    private Encoder() {
    }

    /**
     * @return the number of bytes written
     * @throws IOException if writing to {@code out} fails
     */
    static long encode(Pixels p, OutputFormat format, int quality, boolean progressive, OutputStream out)
            throws IOException {
        if (format == OutputFormat.WEBP && !Codecs.webpEncoderAvailable()) {
            throw new TransformException(ErrorKind.ENCODER_UNAVAILABLE, "f",
                    "WebP output is not available: " + Codecs.webpEncoderProblem(), null);
        }
        Pixels ready = switch (format) {
            case JPEG -> p.hasAlpha() ? Compositor.dropAlpha(p) : p; // alpha was flattened by the compositor
            case WEBP -> Compositor.expand(p, 3); // the encoder takes RGB or RGBA only
            default -> p;
        };
        ImageWriter writer = Codecs.writer(format.token());
        CountingOutputStream counter = new CountingOutputStream(out);
        try (MemoryCacheImageOutputStream ios = new MemoryCacheImageOutputStream(counter)) {
            writer.setOutput(ios);
            writer.write(null, new IIOImage(ready.toImage(), null, null), param(writer, format, quality, progressive));
        } finally {
            writer.dispose();
        }
        return counter.count;
    }

    private static ImageWriteParam param(ImageWriter writer, OutputFormat format, int quality, boolean progressive) {
        ImageWriteParam param = writer.getDefaultWriteParam();
        switch (format) {
            case JPEG -> {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionQuality(quality / 100f);
                if (param instanceof JPEGImageWriteParam jpeg) {
                    // Optimal Huffman tables: 5–10% smaller files for a negligible cost at thumbnail sizes.
                    jpeg.setOptimizeHuffmanTables(true);
                }
                if (progressive) {
                    param.setProgressiveMode(ImageWriteParam.MODE_DEFAULT);
                }
            }
            case WEBP -> {
                param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
                param.setCompressionType(lossyType(param));
                param.setCompressionQuality(quality / 100f);
            }
            default -> {
                // PNG: the JDK writer's default deflate level balances size and speed.
            }
        }
        return param;
    }

    private static String lossyType(ImageWriteParam param) {
        for (String type : param.getCompressionTypes()) {
            if (type.toLowerCase(Locale.ROOT).contains("lossy")) {
                return type;
            }
        }
        return param.getCompressionTypes()[0];
    }

    /** Counts what reaches the caller's stream, for the result's byte count. */
    private static final class CountingOutputStream extends FilterOutputStream {
        long count;

        CountingOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }

        @Override
        public void close() throws IOException {
            flush(); // the caller owns and closes its stream
        }
    }
}
