package dev.stowage.transform.internal.vips;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.DoubleByReference;
import com.sun.jna.ptr.LongByReference;
import com.sun.jna.ptr.PointerByReference;
import dev.stowage.transform.OutputFormat;
import dev.stowage.transform.Rgba;
import dev.stowage.transform.Transform;
import dev.stowage.transform.internal.Layout;
import java.util.Map;

/**
 * The libvips steps of one transform, each a call whose result {@link VipsCall} keeps and releases. Enum
 * arguments are looked up by their nick in the loaded libvips rather than written as numbers, so a renumbering
 * between versions cannot pass the wrong value.
 */
final class VipsOps {
    static final int FORCE = Vips.enumValue("VipsSize", "force");
    static final int FAIL_ON_TRUNCATED = Vips.enumValue("VipsFailOn", "truncated");
    static final int ACCESS_SEQUENTIAL = Vips.enumValue("VipsAccess", "sequential");
    static final int EXTEND_BACKGROUND = Vips.enumValue("VipsExtend", "background");
    static final int SRGB = Vips.enumValue("VipsInterpretation", "srgb");
    static final int CMYK = Vips.enumValue("VipsInterpretation", "cmyk");
    static final int B_W = Vips.enumValue("VipsInterpretation", "b-w");
    static final int UCHAR = Vips.enumValue("VipsBandFormat", "uchar");
    static final int HORIZONTAL = Vips.enumValue("VipsDirection", "horizontal");
    static final int VERTICAL = Vips.enumValue("VipsDirection", "vertical");
    static final int PRECISION_INTEGER = Vips.enumValue("VipsPrecision", "integer");
    static final int SUBSAMPLE_ON = Vips.enumValue("VipsForeignSubsample", "on");
    static final Map<Integer, Integer> ANGLE = Map.of(90, Vips.enumValue("VipsAngle", "d90"),
            180, Vips.enumValue("VipsAngle", "d180"), 270, Vips.enumValue("VipsAngle", "d270"));
    static final Map<String, Integer> INTERESTING = Map.of(
            "attention", Vips.enumValue("VipsInteresting", "attention"),
            "entropy", Vips.enumValue("VipsInteresting", "entropy"));

    private VipsOps() {
    }

    /**
     * The source scaled and cropped to {@code layout}'s image, still lazy. Without a crop region the source is
     * decoded by {@code thumbnail_buffer}, which shrinks on load; a cover crop scales the whole source to cover
     * the box and cuts the box out at the layout's position, so both engines crop the same pixels.
     */
    static Pointer resize(VipsCall call, Transform t, Layout layout, int ow, int oh, boolean colourManage,
                          int orientation) {
        LibVips lib = call.lib();
        double[] c = layout.crop();
        int iw = layout.imageWidth();
        int ih = layout.imageHeight();
        Thumbnailer thumb;
        int baseX = 0;
        int baseY = 0;
        int baseW = ow;
        int baseH = oh;
        if (t.crop() == null) {
            thumb = (w, h, opts) -> {
                PointerByReference r = new PointerByReference();
                return call.track(lib.vips_thumbnail_buffer(call.source(), call.sourceLength(), r, w,
                        concat(trim(opts), "fail_on", FAIL_ON_TRUNCATED,
                                // thumbnail_buffer hands the loader only its option string, not fail_on
                                "option_string", "[fail_on=truncated]")), r, "decode");
            };
        } else {
            // A region first: load, orient and cut it out, then resize without shrink-on-load. An upright source
            // streams top to bottom; turning one needs random access (libvips then decodes it to memory).
            Object[] access = orientation > 1 ? new Object[0] : new Object[] {"access", ACCESS_SEQUENTIAL};
            Pointer loaded = lib.vips_image_new_from_buffer(call.source(), call.sourceLength(), "",
                    concat(access, "fail_on", FAIL_ON_TRUNCATED));
            PointerByReference lr = new PointerByReference(loaded);
            call.track(loaded == null ? -1 : 0, lr, "decode");
            PointerByReference rr = new PointerByReference();
            Pointer oriented = call.track(lib.vips_autorot(loaded, rr, (Object) null), rr, "decode");
            dev.stowage.transform.Region region = t.crop().within(ow, oh);
            PointerByReference er = new PointerByReference();
            Pointer cut = call.track(lib.vips_extract_area(oriented, er, region.x(), region.y(), region.width(),
                    region.height(), (Object) null), er, "crop");
            baseX = region.x();
            baseY = region.y();
            baseW = region.width();
            baseH = region.height();
            thumb = (w, h, opts) -> {
                PointerByReference r = new PointerByReference();
                return call.track(lib.vips_thumbnail_image(cut, r, w, opts), r, "decode");
            };
        }
        // An embedded profile (or CMYK, with libvips' fallback CMYK profile) is converted to sRGB; sRGB sources
        // are left alone, which saves two colour transforms per pixel.
        Object[] icc = colourManage ? new Object[] {"export_profile", "srgb"} : new Object[0];
        if (t.gravity().isSmart()) {
            return thumb.make(iw, ih, concat(icc, "height", ih, "crop", INTERESTING.get(t.gravity().token())));
        }
        double cx = c[0] - baseX;
        double cy = c[1] - baseY;
        boolean whole = cx <= 0 && cy <= 0 && c[2] >= baseW && c[3] >= baseH;
        if (whole) {
            return thumb.make(iw, ih, concat(icc, "height", ih, "size", FORCE));
        }
        double sx = iw / c[2];
        double sy = ih / c[3];
        int fullW = Math.max(iw, (int) Math.round(baseW * sx));
        int fullH = Math.max(ih, (int) Math.round(baseH * sy));
        Pointer full = thumb.make(fullW, fullH, concat(icc, "height", fullH, "size", FORCE));
        int left = (int) Math.max(0, Math.min(fullW - iw, Math.round(cx * sx)));
        int top = (int) Math.max(0, Math.min(fullH - ih, Math.round(cy * sy)));
        PointerByReference r = new PointerByReference();
        return call.track(lib.vips_extract_area(full, r, left, top, iw, ih, (Object) null), r, "crop");
    }

    /** A thumbnail call with its optional arguments (without the terminating {@code null}). */
    private interface Thumbnailer {
        Pointer make(int width, int height, Object[] options);
    }

    /** {@code options} without its terminating {@code null}. */
    private static Object[] trim(Object[] options) {
        return java.util.Arrays.copyOf(options, options.length - 1);
    }

    private static Object[] concat(Object[] options, Object... more) {
        Object[] all = new Object[options.length + more.length + 1];
        System.arraycopy(options, 0, all, 0, options.length);
        System.arraycopy(more, 0, all, options.length, more.length);
        return all; // the last element stays null and ends the list
    }

    /** 16-bit sources (PNG, grey PNG) as 8-bit sRGB or grey, as the Java engine writes them. */
    static Pointer toEightBit(VipsCall call, Pointer img) {
        LibVips lib = call.lib();
        if (lib.vips_image_get_format(img) == UCHAR) {
            return img;
        }
        int bands = lib.vips_image_get_bands(img);
        PointerByReference r = new PointerByReference();
        Pointer out = call.track(lib.vips_colourspace(img, r, bands >= 3 ? SRGB : B_W, (Object) null), r,
                "convert");
        if (lib.vips_image_get_format(out) != UCHAR) {
            PointerByReference c = new PointerByReference();
            out = call.track(lib.vips_cast(out, c, UCHAR, (Object) null), c, "convert");
        }
        return out;
    }

    /** Whether {@code img} has an alpha band with any pixel not fully opaque. */
    static boolean dropOpaqueAlpha(VipsCall call, Pointer img) {
        LibVips lib = call.lib();
        if (lib.vips_image_hasalpha(img) == 0) {
            return false;
        }
        PointerByReference r = new PointerByReference();
        Pointer alpha = call.track(lib.vips_extract_band(img, r, lib.vips_image_get_bands(img) - 1, (Object) null),
                r, "read alpha of");
        DoubleByReference min = new DoubleByReference();
        if (lib.vips_min(alpha, min, (Object) null) != 0) {
            throw call.failure("read alpha of");
        }
        return min.getValue() < 255;
    }

    static Pointer withoutAlpha(VipsCall call, Pointer img) {
        LibVips lib = call.lib();
        PointerByReference r = new PointerByReference();
        return call.track(lib.vips_extract_band(img, r, 0, "n", lib.vips_image_get_bands(img) - 1, null), r,
                "drop alpha of");
    }

    /** Flattens transparency for formats without alpha and letterboxes {@code contain}, as the Java compositor. */
    static Pointer compose(VipsCall call, Pointer img, Layout layout, Rgba bg, boolean alphaOut) {
        LibVips lib = call.lib();
        boolean hasAlpha = lib.vips_image_hasalpha(img) != 0;
        boolean flatten = hasAlpha && !alphaOut;
        Pointer out = img;
        if (lib.vips_image_get_bands(out) < 3 && (flatten || layout.letterboxed())) {
            PointerByReference r = new PointerByReference();
            out = call.track(lib.vips_colourspace(out, r, SRGB, (Object) null), r, "convert");
        }
        if (flatten) {
            Pointer in = out;
            out = withBackground(call, new double[] {bg.red(), bg.green(), bg.blue()},
                    (a, r) -> lib.vips_flatten(in, r, "background", a, null));
            hasAlpha = false;
        }
        if (layout.letterboxed()) {
            boolean alpha = alphaOut && (hasAlpha || !bg.isOpaque());
            if (alpha && !hasAlpha) {
                PointerByReference r = new PointerByReference();
                out = call.track(lib.vips_bandjoin_const1(out, r, 255, (Object) null), r, "compose");
            }
            double[] ink = alpha ? new double[] {bg.red(), bg.green(), bg.blue(), bg.alpha()}
                    : new double[] {bg.red(), bg.green(), bg.blue()};
            Pointer in = out;
            out = withBackground(call, ink, (a, r) -> lib.vips_embed(in, r, layout.offsetX(), layout.offsetY(),
                    layout.canvasWidth(), layout.canvasHeight(), "extend", EXTEND_BACKGROUND, "background", a, null));
        }
        return out;
    }

    private interface WithArray {
        int call(Pointer array, PointerByReference out);
    }

    private static Pointer withBackground(VipsCall call, double[] values, WithArray op) {
        LibVips lib = call.lib();
        Pointer array = lib.vips_array_double_new(values, values.length);
        try {
            PointerByReference r = new PointerByReference();
            return call.track(op.call(array, r), r, "compose");
        } finally {
            lib.vips_area_unref(array);
        }
    }

    static Pointer grey(VipsCall call, Pointer img) {
        PointerByReference r = new PointerByReference();
        return call.track(call.lib().vips_colourspace(img, r, B_W, (Object) null), r, "convert");
    }

    static byte[] encode(VipsCall call, Pointer img, OutputFormat format, int quality, boolean progressive) {
        LibVips lib = call.lib();
        return switch (format) {
            case JPEG -> call.save(img, (i, b, l) -> lib.vips_jpegsave_buffer(i, b, l, "Q", quality,
                    "optimize_coding", 1, "interlace", progressive ? 1 : 0, "subsample_mode", SUBSAMPLE_ON,
                    "strip", 1, null), "encode JPEG from");
            case PNG -> call.save(img, (i, b, l) -> lib.vips_pngsave_buffer(i, b, l, "strip", 1, null),
                    "encode PNG from");
            case WEBP -> call.save(img, (i, b, l) -> lib.vips_webpsave_buffer(i, b, l, "Q", quality, "strip", 1,
                    null), "encode WebP from");
            case AVIF -> call.save(img, (i, b, l) -> lib.vips_heifsave_buffer(i, b, l, "Q", quality,
                    "compression", Vips.enumValue("VipsForeignHeifCompression", "av1"), "strip", 1, null),
                    "encode AVIF from");
            case AUTO -> throw new IllegalStateException("AUTO is resolved before encoding");
        };
    }

    /** Whether a 16×16 image encodes as AVIF: heifsave can exist with HEVC only. */
    static boolean probeAvif(LibVips lib) {
        PointerByReference black = new PointerByReference();
        if (lib.vips_black(black, 16, 16, "bands", 3, null) != 0) {
            lib.vips_error_clear();
            return false;
        }
        try {
            long type = lib.g_type_from_name("VipsForeignHeifCompression");
            int av1 = lib.vips_enum_from_nick("stowage", type, "av1");
            PointerByReference buf = new PointerByReference();
            LongByReference len = new LongByReference();
            int status = lib.vips_heifsave_buffer(black.getValue(), buf, len, "compression", av1, null);
            if (buf.getValue() != null) {
                lib.g_free(buf.getValue());
            }
            lib.vips_error_clear();
            return status == 0 && len.getValue() > 0;
        } finally {
            lib.g_object_unref(black.getValue());
        }
    }
}
