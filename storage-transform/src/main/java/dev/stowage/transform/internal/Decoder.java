package dev.stowage.transform.internal;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.TransformException;
import java.awt.Rectangle;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.util.Locale;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.event.IIOReadProgressListener;
import javax.imageio.event.IIOReadWarningListener;

/**
 * Runs one ImageIO reader under the transform's limits: the header is read first, so a decompression bomb is
 * refused before any pixel buffer exists; decoding reads only the needed region, subsampled where the
 * reduction allows; a deadline aborts a slow decode; and truncation, which libjpeg reports as a mere warning
 * and fills with grey, is an error.
 */
final class Decoder implements IIOReadProgressListener, IIOReadWarningListener, AutoCloseable {
    private final ImageReader reader;
    private final SourceFormat format;
    private final long deadline;
    private final ByteArrayImageInputStream input;
    private volatile boolean timedOut;
    private volatile String truncation;

    Decoder(byte[] data, SourceFormat format, long deadlineNanos) throws IOException {
        this.format = format;
        this.deadline = deadlineNanos;
        this.reader = Codecs.reader(format);
        // Metadata is skipped: orientation and PNG profiles are read from the bytes, and JPEG/WebP profiles
        // are applied by the TwelveMonkeys readers regardless.
        this.input = new ByteArrayImageInputStream(data, deadlineNanos);
        reader.setInput(input, true, true);
        reader.addIIOReadProgressListener(this);
        reader.addIIOReadWarningListener(this);
    }

    /** Stored width and height, from the header only. */
    int[] size() {
        try {
            return new int[] {reader.getWidth(0), reader.getHeight(0)};
        } catch (IOException | RuntimeException e) {
            if (input.expired()) {
                throw timeout();
            }
            throw corrupt("its header cannot be read", e);
        }
    }

    /**
     * Bytes a pixel of the decoder's own output takes before conversion (e.g. 6 for 16-bit RGB PNG), from the
     * header; 4 when the reader does not say.
     */
    int bytesPerPixel() {
        try {
            javax.imageio.ImageTypeSpecifier raw = reader.getRawImageType(0);
            if (raw == null) {
                return 4;
            }
            java.awt.image.SampleModel sm = raw.getSampleModel(1, 1);
            int bits = java.awt.image.DataBuffer.getDataTypeSize(sm.getDataType());
            return Math.max(1, sm.getNumBands() * bits / 8);
        } catch (IOException | RuntimeException e) {
            return 4;
        }
    }

    /**
     * Decodes {@code region} of the stored image, keeping every {@code subsampling}-th pixel and row.
     */
    BufferedImage read(Rectangle region, int subsampling) {
        checkDeadline();
        ImageReadParam param = reader.getDefaultReadParam();
        param.setSourceRegion(region);
        if (subsampling > 1) {
            param.setSourceSubsampling(subsampling, subsampling, 0, 0);
        }
        BufferedImage image;
        try {
            image = reader.read(0, param);
        } catch (IOException | RuntimeException e) {
            if (timedOut || input.expired()) {
                throw timeout();
            }
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof OutOfMemoryError oom) {
                    throw Pipeline.outOfMemory(oom); // a plugin wrapped it; it says nothing about the image
                }
            }
            throw corrupt("it is truncated or corrupt", e);
        }
        if (timedOut || input.expired()) {
            throw timeout();
        }
        if (truncation != null) {
            throw corrupt("it is truncated (" + truncation + ")", null);
        }
        if (image == null) {
            throw corrupt("the decoder returned no image", null);
        }
        return image;
    }

    void checkDeadline() {
        if (System.nanoTime() - deadline > 0) {
            throw timeout();
        }
    }

    private TransformException timeout() {
        return new TransformException(ErrorKind.TIMEOUT, "timeout",
                "Transforming the " + format.formatName().toUpperCase(Locale.ROOT) + " source took longer than the time limit (timeout)", null);
    }

    private TransformException corrupt(String why, Throwable cause) {
        String detail = cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage();
        return new TransformException(ErrorKind.CORRUPT_IMAGE, null,
                "The source is not a readable " + format.formatName().toUpperCase(Locale.ROOT) + " image: " + why
                        + detail, cause);
    }

    @Override
    public void warningOccurred(ImageReader source, String warning) {
        String w = warning.toLowerCase(Locale.ROOT);
        // libjpeg: "Premature end of JPEG file"; other readers say "truncated" or "end of file/stream".
        if (w.contains("premature end") || w.contains("truncat") || w.contains("end of file")
                || w.contains("end of stream")) {
            truncation = warning;
        }
    }

    @Override
    public void imageProgress(ImageReader source, float percentageDone) {
        if (System.nanoTime() - deadline > 0) {
            timedOut = true;
            source.abort();
        }
    }

    @Override
    public void close() {
        reader.dispose();
    }

    // Progress events that carry no decision.
    @Override
    public void sequenceStarted(ImageReader source, int minIndex) {
    }

    @Override
    public void sequenceComplete(ImageReader source) {
    }

    @Override
    public void imageStarted(ImageReader source, int imageIndex) {
    }

    @Override
    public void imageComplete(ImageReader source) {
    }

    @Override
    public void thumbnailStarted(ImageReader source, int imageIndex, int thumbnailIndex) {
    }

    @Override
    public void thumbnailProgress(ImageReader source, float percentageDone) {
    }

    @Override
    public void thumbnailComplete(ImageReader source) {
    }

    @Override
    public void readAborted(ImageReader source) {
        timedOut = true;
    }
}
