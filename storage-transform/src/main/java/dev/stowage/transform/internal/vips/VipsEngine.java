package dev.stowage.transform.internal.vips;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.OutputFormat;
import dev.stowage.transform.Region;
import dev.stowage.transform.Transform;
import dev.stowage.transform.TransformException;
import dev.stowage.transform.TransformLimits;
import dev.stowage.transform.TransformResult;
import dev.stowage.transform.internal.Layout;
import dev.stowage.transform.internal.MemoryBudget;
import dev.stowage.transform.internal.Pipeline;
import dev.stowage.transform.internal.SourceFormat;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Locale;

/**
 * The libvips engine: the same {@link Transform} semantics and geometry as the pure-Java {@link Pipeline}
 * (the {@link Layout} is shared), computed by libvips with shrink-on-load ({@code thumbnail_buffer} lets the JPEG
 * decoder scale by 1/2, 1/4 or 1/8 in the DCT domain and WebP decode at size) and sequential, streaming access.
 * The source is decoded once into the small result; effects and encoding run on that.
 */
public final class VipsEngine {
    private VipsEngine() {
    }

    /** Whether this engine decodes {@code format}; BMP has only an untrusted (ImageMagick) loader in libvips. */
    public static boolean decodes(SourceFormat format) {
        return format != SourceFormat.BMP;
    }

    public static TransformResult run(byte[] source, SourceFormat format, Transform t, String acceptHeader,
                                      OutputStream out, TransformLimits limits) throws IOException {
        long deadline = System.nanoTime() + limits.timeout().toNanos();
        if (t.format() == OutputFormat.AVIF && !Vips.avifAvailable()) {
            throw new TransformException(ErrorKind.ENCODER_UNAVAILABLE, "f", "AVIF output needs libvips built with "
                    + "libheif and an AV1 encoder (Debian: libheif1 with libaom3); ask for webp, jpeg or png", null);
        }
        String what = format.formatName().toUpperCase(Locale.ROOT);
        try (VipsCall call = new VipsCall(source, deadline, what)) {
            LibVips lib = call.lib();
            Pointer header = lib.vips_image_new_from_buffer(call.source(), call.sourceLength(), "", (Object) null);
            call.track(header == null ? -1 : 0, ref(header), "header");
            int storedW = lib.vips_image_get_width(header);
            int storedH = lib.vips_image_get_height(header);
            long sourcePixels = (long) storedW * storedH;
            if (sourcePixels > limits.maxSourcePixels()) {
                throw new TransformException(ErrorKind.SOURCE_TOO_LARGE, "maxSourcePixels", "The source is "
                        + storedW + "×" + storedH + " = " + sourcePixels + " pixels, over the limit of "
                        + limits.maxSourcePixels() + " (maxSourcePixels)", null);
            }
            IntByReference orientation = new IntByReference(1);
            if (lib.vips_image_get_int(header, "orientation", orientation) != 0) {
                lib.vips_error_clear();
                orientation.setValue(1);
            }
            boolean swap = orientation.getValue() >= 5 && orientation.getValue() <= 8;
            int ow = swap ? storedH : storedW;
            int oh = swap ? storedW : storedH;
            Layout layout = layout(t, ow, oh);
            long outputPixels = (long) layout.canvasWidth() * layout.canvasHeight();
            if (outputPixels > limits.maxOutputPixels()) {
                throw new TransformException(ErrorKind.OUTPUT_TOO_LARGE, "maxOutputPixels", "The output would be "
                        + layout.canvasWidth() + "×" + layout.canvasHeight() + " = " + outputPixels
                        + " pixels, over the limit of " + limits.maxOutputPixels() + " (maxOutputPixels)", null);
            }
            // Pixels live outside the Java heap; what the heap holds is the source and the encoded output.
            try (MemoryBudget.Lease lease = MemoryBudget.shared().acquire(source.length + outputPixels * 4,
                    deadline)) {
                boolean manage = lib.vips_image_get_typeof(header, "icc-profile-data") != 0
                        || lib.vips_image_get_interpretation(header) == VipsOps.CMYK;
                Pointer img = VipsOps.resize(call, t, layout, ow, oh, manage, orientation.getValue());
                img = call.materialise(img);
                img = VipsOps.toEightBit(call, img);
                boolean transparent = VipsOps.dropOpaqueAlpha(call, img);
                if (!transparent && lib.vips_image_hasalpha(img) != 0) {
                    img = VipsOps.withoutAlpha(call, img);
                }
                OutputFormat outFormat = t.format();
                if (outFormat == OutputFormat.AUTO) {
                    boolean alpha = transparent || layout.letterboxed() && !t.background().isOpaque();
                    outFormat = OutputFormat.negotiate(acceptHeader, alpha, Vips.avifAvailable());
                }
                img = VipsOps.compose(call, img, layout, t.background(), outFormat != OutputFormat.JPEG);
                img = effects(call, img, t);
                byte[] encoded = VipsOps.encode(call, img, outFormat, t.quality(), t.progressive());
                int w = lib.vips_image_get_width(img);
                int h = lib.vips_image_get_height(img);
                out.write(encoded);
                return new TransformResult(w, h, outFormat, encoded.length, ow, oh);
            }
        } catch (OutOfMemoryError e) {
            throw Pipeline.outOfMemory(e);
        }
    }

    private static Layout layout(Transform t, int ow, int oh) {
        if (t.crop() == null) {
            return Layout.of(t, ow, oh);
        }
        Region r = t.crop().within(ow, oh);
        Layout l = Layout.of(t, r.width(), r.height());
        double[] c = l.crop();
        return new Layout(l.canvasWidth(), l.canvasHeight(), l.imageWidth(), l.imageHeight(), l.offsetX(),
                l.offsetY(), new double[] {c[0] + r.x(), c[1] + r.y(), c[2], c[3]});
    }

    private static Pointer effects(VipsCall call, Pointer img, Transform t) {
        LibVips lib = call.lib();
        Pointer out = img;
        if (t.rotate() != 0) {
            PointerByReference r = new PointerByReference();
            out = call.track(lib.vips_rot(out, r, VipsOps.ANGLE.get(t.rotate()), (Object) null), r, "rotate");
        }
        if (t.flip().horizontal()) {
            PointerByReference r = new PointerByReference();
            out = call.track(lib.vips_flip(out, r, VipsOps.HORIZONTAL, (Object) null), r, "flip");
        }
        if (t.flip().vertical()) {
            PointerByReference r = new PointerByReference();
            out = call.track(lib.vips_flip(out, r, VipsOps.VERTICAL, (Object) null), r, "flip");
        }
        if (t.blur() > 0) {
            PointerByReference r = new PointerByReference();
            out = call.track(lib.vips_gaussblur(out, r, t.blur(), "precision", VipsOps.PRECISION_INTEGER,
                    (Object) null), r, "blur");
        }
        if (t.sharpen() > 0) {
            PointerByReference r = new PointerByReference();
            out = call.track(lib.vips_sharpen(out, r, "sigma", t.sharpen(), (Object) null), r, "sharpen");
            out = VipsOps.toEightBit(call, out);
        }
        if (t.grayscale()) {
            out = VipsOps.grey(call, out);
        }
        return out;
    }

    private static PointerByReference ref(Pointer p) {
        PointerByReference r = new PointerByReference();
        r.setValue(p);
        return r;
    }
}
