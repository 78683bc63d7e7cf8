package dev.stowage.transform.internal;

import dev.stowage.transform.Rgba;

/**
 * Alpha handling around the resampler: colour is filtered premultiplied by alpha (so transparent pixels do not
 * bleed their hidden colour into edges), then the result is either un-premultiplied or composited over the
 * background, which both letterboxes {@code contain} and flattens transparency for JPEG.
 */
final class Compositor {
    private Compositor() {
    }

    /** Whether any pixel of a 4-channel image is not fully opaque. */
    static boolean hasTransparency(Pixels p) {
        if (p.channels() != 4) {
            return false;
        }
        byte[] d = p.data();
        for (int i = 0; i < d.length; i += 4) {
            if (d[i] != (byte) 0xFF) {
                return true;
            }
        }
        return false;
    }

    /** The same image without its (fully opaque) alpha channel: three channels filter faster and encode smaller. */
    static Pixels dropAlpha(Pixels p) {
        byte[] s = p.data();
        byte[] d = new byte[p.width() * p.height() * 3];
        for (int i = 0, o = 0; i < s.length; i += 4, o += 3) {
            d[o] = s[i + 1];
            d[o + 1] = s[i + 2];
            d[o + 2] = s[i + 3];
        }
        return new Pixels(d, p.width(), p.height(), 3, false);
    }

    /** Multiplies colour by alpha in place. */
    static Pixels premultiply(Pixels p) {
        if (p.channels() != 4 || p.premultiplied()) {
            return p;
        }
        byte[] d = p.data();
        for (int i = 0; i < d.length; i += 4) {
            int a = d[i] & 0xFF;
            if (a != 255) {
                d[i + 1] = (byte) (((d[i + 1] & 0xFF) * a + 127) / 255);
                d[i + 2] = (byte) (((d[i + 2] & 0xFF) * a + 127) / 255);
                d[i + 3] = (byte) (((d[i + 3] & 0xFF) * a + 127) / 255);
            }
        }
        return new Pixels(d, p.width(), p.height(), 4, true);
    }

    /** Divides colour by alpha in place. */
    static Pixels unpremultiply(Pixels p) {
        if (!p.premultiplied()) {
            return p;
        }
        byte[] d = p.data();
        for (int i = 0; i < d.length; i += 4) {
            int a = d[i] & 0xFF;
            if (a != 255) {
                for (int k = 1; k < 4; k++) {
                    d[i + k] = a == 0 ? 0 : (byte) Math.min(255, ((d[i + k] & 0xFF) * 255 + a / 2) / a);
                }
            }
        }
        return new Pixels(d, p.width(), p.height(), 4, false);
    }

    /**
     * Places {@code image} on the output canvas of {@code layout}, over {@code background}.
     *
     * @param alphaOut whether the output format keeps alpha; when not, the background is treated as opaque
     */
    static Pixels compose(Pixels image, Layout layout, Rgba background, boolean alphaOut) {
        boolean imageAlpha = image.channels() == 4;
        if (!layout.letterboxed() && (!imageAlpha || alphaOut)) {
            return imageAlpha ? unpremultiply(image) : image;
        }
        int oc = alphaOut && (imageAlpha || !background.isOpaque()) ? 4 : 3;
        int w = layout.canvasWidth();
        int h = layout.canvasHeight();
        int ba = oc == 4 ? background.alpha() : 255;
        int bb = (background.blue() * ba + 127) / 255;
        int bg = (background.green() * ba + 127) / 255;
        int br = (background.red() * ba + 127) / 255;
        byte[] out = new byte[w * h * oc];
        for (int i = 0; i < out.length; i += oc) {
            if (oc == 4) {
                out[i] = (byte) ba;
            }
            out[i + oc - 3] = (byte) bb;
            out[i + oc - 2] = (byte) bg;
            out[i + oc - 1] = (byte) br;
        }
        byte[] s = image.data();
        int c = image.channels();
        for (int y = 0; y < image.height(); y++) {
            int p = y * image.width() * c;
            int o = ((layout.offsetY() + y) * w + layout.offsetX()) * oc;
            for (int x = 0; x < image.width(); x++, p += c, o += oc) {
                int a = c == 4 ? s[p] & 0xFF : 255;
                int cb = s[p + c - (c == 1 ? 1 : 3)] & 0xFF;
                int cg = s[p + c - (c == 1 ? 1 : 2)] & 0xFF;
                int cr = s[p + c - 1] & 0xFF;
                int keep = 255 - a; // share of the background showing through
                int ob = cb + (bb * keep + 127) / 255;
                int og = cg + (bg * keep + 127) / 255;
                int or = cr + (br * keep + 127) / 255;
                if (oc == 4) {
                    int oa = a + (ba * keep + 127) / 255;
                    out[o] = (byte) oa;
                    out[o + 1] = straight(ob, oa);
                    out[o + 2] = straight(og, oa);
                    out[o + 3] = straight(or, oa);
                } else {
                    out[o] = (byte) Math.min(255, ob);
                    out[o + 1] = (byte) Math.min(255, og);
                    out[o + 2] = (byte) Math.min(255, or);
                }
            }
        }
        return new Pixels(out, w, h, oc, false);
    }

    private static byte straight(int premultiplied, int alpha) {
        return alpha == 0 ? 0 : (byte) Math.min(255, (premultiplied * 255 + alpha / 2) / alpha);
    }

    /** Expands grey to BGR, or adds an opaque alpha channel, so an encoder gets the channels it needs. */
    static Pixels expand(Pixels p, int channels) {
        if (p.channels() >= channels) {
            return p;
        }
        byte[] s = p.data();
        byte[] d = new byte[p.width() * p.height() * channels];
        int c = p.channels();
        for (int i = 0, o = 0; i < s.length; i += c, o += channels) {
            int q = o;
            if (channels == 4) {
                d[q++] = (byte) 0xFF;
            }
            d[q] = s[i + c - (c == 1 ? 1 : 3)];
            d[q + 1] = s[i + c - (c == 1 ? 1 : 2)];
            d[q + 2] = s[i + c - 1];
        }
        return new Pixels(d, p.width(), p.height(), channels, false);
    }
}
