package dev.stowage.transform.internal;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.OutputFormat;
import dev.stowage.transform.Region;
import dev.stowage.transform.Transform;
import dev.stowage.transform.TransformException;
import dev.stowage.transform.TransformLimits;
import dev.stowage.transform.TransformResult;
import java.awt.Rectangle;
import java.io.IOException;
import java.io.OutputStream;

/**
 * One transform, start to end: identify, check limits from the header, plan the geometry, decode the needed
 * region at reduced resolution, resample, orient, composite and encode.
 */
public final class Pipeline {
    /**
     * A JPEG is decoded subsampled only while at least this many decoded pixels remain per output pixel.
     * ImageIO subsampling is point sampling (libjpeg still decodes every pixel; the dropped ones are skipped
     * before colour conversion and copying), so it aliases: measured against an area-averaged full decode of a
     * photograph, SSIM falls from 0.9997 (full decode) to 0.989 with 5 decoded pixels per output pixel, 0.950
     * with 3.3 and 0.899 with 2. Five keeps the loss small while large reductions (thumbnails) still decode a
     * quarter or less of the pixels, which is where the time and memory go.
     */
    static final int SUBSAMPLING_MARGIN = 5;

    private Pipeline() {
    }

    /**
     * @param source       the whole encoded source, within {@code limits.maxSourceBytes()}
     * @param acceptHeader the client's {@code Accept} header for {@link OutputFormat#AUTO}, or {@code null}
     */
    public static TransformResult run(byte[] source, Transform t, String acceptHeader, OutputStream out,
                                      TransformLimits limits) throws IOException {
        return run(source, identify(source, limits), t, acceptHeader, out, limits);
    }

    /** As {@link #run(byte[], Transform, String, OutputStream, TransformLimits)} for a source already identified. */
    public static TransformResult run(byte[] source, SourceFormat format, Transform t, String acceptHeader,
                                      OutputStream out, TransformLimits limits) throws IOException {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        if (t.format() == OutputFormat.AVIF) {
            throw new TransformException(ErrorKind.ENCODER_UNAVAILABLE, "f", "AVIF output needs the libvips engine "
                    + "with libheif and an AV1 encoder; install libvips or ask for webp, jpeg or png", null);
        }
        try {
            return runJava(source, format, t, acceptHeader, out, limits, deadline);
        } catch (OutOfMemoryError e) {
            throw outOfMemory(e);
        }
    }

    /** What a transform's {@link OutOfMemoryError} is reported as: the server's state, not the image's fault. */
    public static TransformException outOfMemory(OutOfMemoryError e) {
        return new TransformException(ErrorKind.OUT_OF_MEMORY, "memoryBudgetBytes", "The JVM ran out of memory "
                + "during the transform (" + e.getMessage() + "); try again shortly, or give the JVM more heap", null);
    }

    /**
     * The source's format from its signature, after the checks both engines share: a supported signature and,
     * for JPEG, a bounded number of scans.
     */
    public static SourceFormat identify(byte[] source, TransformLimits limits) {
        SourceFormat format = SourceFormat.sniff(source);
        if (format == null) {
            throw new TransformException(ErrorKind.UNSUPPORTED_FORMAT, null,
                    "The source is not a JPEG, PNG, GIF, WebP or BMP image (it starts with " + hexStart(source) + ")",
                    null);
        }
        if (format == SourceFormat.JPEG) {
            JpegScans.check(source, limits.maxJpegScans());
        }
        return format;
    }

    private static TransformResult runJava(byte[] source, SourceFormat format, Transform t, String acceptHeader,
                                           OutputStream out, TransformLimits limits, long deadline)
            throws IOException {
        SourceMetadata meta = SourceMetadata.scan(source, format);
        int orientation = meta.orientation();
        Pixels pixels;
        Layout layout;
        int[] oriented;
        MemoryBudget.Lease lease = null;
        try (Decoder decoder = new Decoder(source, format, deadline)) {
            int[] stored = decoder.size();
            long sourcePixels = (long) stored[0] * stored[1];
            if (sourcePixels > limits.maxSourcePixels()) {
                throw new TransformException(ErrorKind.SOURCE_TOO_LARGE, "maxSourcePixels", "The source is "
                        + stored[0] + "×" + stored[1] + " = " + sourcePixels + " pixels, over the limit of "
                        + limits.maxSourcePixels() + " (maxSourcePixels)", null);
            }
            boolean swap = Orientation.swapsAxes(orientation);
            oriented = swap ? new int[] {stored[1], stored[0]} : stored;
            layout = layout(t, oriented[0], oriented[1]);
            if (t.gravity().isSmart()) {
                layout = smart(source, format, t, layout, stored, orientation, oriented, deadline);
            }
            long outputPixels = (long) layout.canvasWidth() * layout.canvasHeight();
            if (outputPixels > limits.maxOutputPixels()) {
                throw new TransformException(ErrorKind.OUTPUT_TOO_LARGE, "maxOutputPixels", "The output would be "
                        + layout.canvasWidth() + "×" + layout.canvasHeight() + " = " + outputPixels
                        + " pixels, over the limit of " + limits.maxOutputPixels() + " (maxOutputPixels)", null);
            }
            // Everything below works in stored orientation; only the small result is rotated.
            double[] crop = Orientation.toStored(orientation, layout.crop(), stored[0], stored[1]);
            int outW = swap ? layout.imageHeight() : layout.imageWidth();
            int outH = swap ? layout.imageWidth() : layout.imageHeight();
            int s = subsampling(format, crop, outW, outH);
            Rectangle region = region(crop, s, outW, outH, stored);
            long estimate = checkMemory(source.length, region, s, outW, layout, limits, decoder.bytesPerPixel());
            lease = MemoryBudget.shared().acquire(estimate, deadline);

            pixels = PixelConversion.toPixels(decoder.read(region, s));
            pixels = PixelConversion.applyProfile(pixels, meta.iccProfile());
            decoder.checkDeadline();
            if (pixels.hasAlpha()) {
                pixels = Compositor.hasTransparency(pixels) ? Compositor.premultiply(pixels)
                        : Compositor.dropAlpha(pixels);
            }
            // The crop in decoded pixels: decoded pixel i stands for source pixel region.x + i·s.
            double[] decodedCrop = {
                (crop[0] - region.x - 0.5) / s + 0.5, (crop[1] - region.y - 0.5) / s + 0.5, crop[2] / s, crop[3] / s};
            pixels = Resampler.resample(pixels, decodedCrop, outW, outH);
            decoder.checkDeadline();
            pixels = Orientation.apply(orientation, pixels);

            OutputFormat outFormat = t.format();
            if (outFormat == OutputFormat.AUTO) {
                boolean transparent = pixels.hasAlpha() || layout.letterboxed() && !t.background().isOpaque();
                outFormat = OutputFormat.negotiate(acceptHeader, transparent);
            }
            pixels = Compositor.compose(pixels, layout, t.background(), outFormat != OutputFormat.JPEG);
            if (Effects.any(t)) {
                pixels = Effects.apply(pixels, t, decoder::checkDeadline);
                decoder.checkDeadline();
            }
            long bytes = Encoder.encode(pixels, outFormat, t.quality(), t.progressive(), out);
            return new TransformResult(pixels.width(), pixels.height(), outFormat, bytes, oriented[0], oriented[1]);
        } finally {
            if (lease != null) {
                lease.close();
            }
        }
    }

    /**
     * A smart cover crop: the window is placed on a preview decoded by a second reader at a subsampling that
     * leaves about {@link SmartCrop#PREVIEW} pixels on the long side (JPEG skips most of the work at that scale).
     */
    private static Layout smart(byte[] source, SourceFormat format, Transform t, Layout layout, int[] stored,
                                int orientation, int[] oriented, long deadline) throws IOException {
        if (t.crop() != null) {
            return layout; // the region was chosen by the caller
        }
        int s = Math.max(1, Math.max(stored[0], stored[1]) / SmartCrop.PREVIEW);
        Pixels preview;
        try (Decoder d = new Decoder(source, format, deadline)) {
            preview = PixelConversion.toPixels(d.read(new Rectangle(0, 0, stored[0], stored[1]), s));
        }
        preview = Orientation.apply(orientation, preview);
        double[] crop = SmartCrop.place(preview, layout.crop(), oriented[0], oriented[1], t.gravity());
        return new Layout(layout.canvasWidth(), layout.canvasHeight(), layout.imageWidth(), layout.imageHeight(),
                layout.offsetX(), layout.offsetY(), crop);
    }

    /** The layout on the source, or on the requested crop of it, in displayed coordinates. */
    static Layout layout(Transform t, int displayedW, int displayedH) {
        if (t.crop() == null) {
            return Layout.of(t, displayedW, displayedH);
        }
        Region r = t.crop().within(displayedW, displayedH);
        Layout l = Layout.of(t, r.width(), r.height());
        double[] c = l.crop();
        return new Layout(l.canvasWidth(), l.canvasHeight(), l.imageWidth(), l.imageHeight(), l.offsetX(),
                l.offsetY(), new double[] {c[0] + r.x(), c[1] + r.y(), c[2], c[3]});
    }

    /**
     * The largest integer subsampling that keeps {@link #SUBSAMPLING_MARGIN} decoded pixels per output pixel
     * on both axes. Only for JPEG: libjpeg then skips colour conversion and copying of the dropped pixels,
     * which is where the time goes; for other formats it would save memory but cost quality.
     */
    static int subsampling(SourceFormat format, double[] crop, int outW, int outH) {
        if (format != SourceFormat.JPEG) {
            return 1;
        }
        double sx = crop[2] / ((double) outW * SUBSAMPLING_MARGIN);
        double sy = crop[3] / ((double) outH * SUBSAMPLING_MARGIN);
        return Math.max(1, (int) Math.floor(Math.min(sx, sy)));
    }

    /** The stored-pixel rectangle to decode: the crop plus the filter's reach, aligned to the subsampling grid. */
    static Rectangle region(double[] crop, int s, int outW, int outH, int[] stored) {
        // Filter reach in source pixels: kernel radius times the reduction still left after subsampling.
        double reachX = (reach(crop[2] / s / outW) + 1) * s;
        double reachY = (reach(crop[3] / s / outH) + 1) * s;
        int x0 = Math.max(0, (int) Math.floor(crop[0] - reachX));
        int y0 = Math.max(0, (int) Math.floor(crop[1] - reachY));
        int x1 = Math.min(stored[0], (int) Math.ceil(crop[0] + crop[2] + reachX));
        int y1 = Math.min(stored[1], (int) Math.ceil(crop[1] + crop[3] + reachY));
        return new Rectangle(x0, y0, Math.max(1, x1 - x0), Math.max(1, y1 - y0));
    }

    private static double reach(double scale) {
        return Resampler.kernelFor(scale).radius * Math.max(1, scale);
    }

    private static long checkMemory(long sourceBytes, Rectangle region, int s, int outW, Layout layout,
                                    TransformLimits limits, int decodedBytesPerPixel) {
        long decodedW = (region.width + s - 1) / s;
        long decodedH = (region.height + s - 1) / s;
        // The decoded image as the decoder returns it (6 or 8 bytes a pixel for 16-bit PNG), one converted
        // 8-bit copy and a colour-managed copy (4 bytes a pixel each), the horizontal pass, the output, its
        // effects copy and its encoder copy.
        long estimate = sourceBytes + decodedW * decodedH * (decodedBytesPerPixel + 8) + (long) outW * decodedH * 4
                + (long) layout.canvasWidth() * layout.canvasHeight() * 12;
        if (estimate > limits.memoryBudgetBytes()) {
            throw new TransformException(ErrorKind.SOURCE_TOO_LARGE, "memoryBudgetBytes", "The transform would "
                    + "need about " + estimate + " bytes of pixel buffers (decoding " + decodedW + "×" + decodedH
                    + "), over the limit of " + limits.memoryBudgetBytes() + " (memoryBudgetBytes)", null);
        }
        return estimate;
    }

    private static String hexStart(byte[] data) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < Math.min(8, data.length); i++) {
            sb.append(String.format("%02x", data[i] & 0xFF));
        }
        return data.length == 0 ? "nothing: it is empty" : sb.toString();
    }
}
