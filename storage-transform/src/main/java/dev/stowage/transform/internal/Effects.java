package dev.stowage.transform.internal;

import dev.stowage.transform.Flip;
import dev.stowage.transform.Transform;

/**
 * The operations applied to the finished canvas on the pure-Java engine, in this order: rotation, mirroring,
 * Gaussian blur, sharpening and conversion to grey. Each works on straight (not premultiplied) samples, the same
 * order and the same inputs as the libvips engine's {@code rot}, {@code flip}, {@code gaussblur}, {@code sharpen}
 * and {@code colourspace(b-w)}.
 */
final class Effects {
    private static final double[] TO_LINEAR = new double[256];
    private static final byte[] FROM_LINEAR = new byte[4096];

    static {
        for (int i = 0; i < 256; i++) {
            double c = i / 255.0;
            TO_LINEAR[i] = c <= 0.04045 ? c / 12.92 : Math.pow((c + 0.055) / 1.055, 2.4);
        }
        for (int i = 0; i < 4096; i++) {
            double l = i / 4095.0;
            double c = l <= 0.0031308 ? l * 12.92 : 1.055 * Math.pow(l, 1 / 2.4) - 0.055;
            FROM_LINEAR[i] = (byte) Math.round(Math.max(0, Math.min(1, c)) * 255);
        }
    }

    private Effects() {
    }

    static boolean any(Transform t) {
        return t.rotate() != 0 || t.flip() != Flip.NONE || t.blur() > 0 || t.sharpen() > 0 || t.grayscale();
    }

    static Pixels apply(Pixels p, Transform t, Runnable checkDeadline) {
        Pixels out = p;
        if (t.rotate() != 0) {
            out = Orientation.apply(t.rotate() == 90 ? 6 : t.rotate() == 180 ? 3 : 8, out);
        }
        if (t.flip() != Flip.NONE) {
            out = Orientation.apply(t.flip() == Flip.HORIZONTAL ? 2 : t.flip() == Flip.VERTICAL ? 4 : 3, out);
        }
        if (t.blur() > 0) {
            out = blur(out, t.blur(), checkDeadline);
        }
        if (t.sharpen() > 0) {
            out = sharpen(out, t.sharpen(), checkDeadline);
        }
        if (t.grayscale()) {
            out = grey(out);
        }
        return out;
    }

    /**
     * Separable Gaussian, edges extended by copying, as libvips' {@code gaussblur}. A large sigma on a large
     * canvas costs billions of operations, so the deadline is checked every row.
     */
    static Pixels blur(Pixels p, double sigma, Runnable checkDeadline) {
        int radius = Math.max(1, (int) Math.ceil(sigma * 3));
        int[] k = new int[2 * radius + 1];
        double[] w = new double[k.length];
        double sum = 0;
        for (int i = -radius; i <= radius; i++) {
            w[i + radius] = Math.exp(-(i * i) / (2 * sigma * sigma));
            sum += w[i + radius];
        }
        for (int i = 0; i < k.length; i++) {
            k[i] = (int) Math.round(w[i] / sum * 65536);
        }
        int width = p.width();
        int height = p.height();
        int c = p.channels();
        byte[] src = p.data();
        byte[] tmp = new byte[src.length];
        byte[] dst = new byte[src.length];
        for (int y = 0; y < height; y++) {
            checkDeadline.run();
            int row = y * width * c;
            for (int x = 0; x < width; x++) {
                for (int ch = 0; ch < c; ch++) {
                    long acc = 0;
                    for (int i = -radius; i <= radius; i++) {
                        int xx = Math.min(width - 1, Math.max(0, x + i));
                        acc += (long) k[i + radius] * (src[row + xx * c + ch] & 0xFF);
                    }
                    tmp[row + x * c + ch] = clamp((acc + 32768) >> 16);
                }
            }
        }
        for (int y = 0; y < height; y++) {
            checkDeadline.run();
            for (int x = 0; x < width; x++) {
                for (int ch = 0; ch < c; ch++) {
                    long acc = 0;
                    for (int i = -radius; i <= radius; i++) {
                        int yy = Math.min(height - 1, Math.max(0, y + i));
                        acc += (long) k[i + radius] * (tmp[(yy * width + x) * c + ch] & 0xFF);
                    }
                    dst[(y * width + x) * c + ch] = clamp((acc + 32768) >> 16);
                }
            }
        }
        return new Pixels(dst, width, height, c, p.premultiplied());
    }

    /**
     * Unsharp mask in the spirit of libvips' {@code sharpen} defaults: differences from the blurred image below 2
     * levels (noise, flat areas) are left alone, larger ones are amplified three times and capped at 20 levels, so
     * edges sharpen without halos. Alpha is left alone.
     */
    static Pixels sharpen(Pixels p, double sigma, Runnable checkDeadline) {
        Pixels soft = blur(p, sigma, checkDeadline);
        byte[] a = p.data();
        byte[] b = soft.data();
        byte[] out = new byte[a.length];
        int c = p.channels();
        for (int i = 0; i < a.length; i++) {
            int v = a[i] & 0xFF;
            if (c == 4 && i % 4 == 0) {
                out[i] = a[i];
                continue;
            }
            int d = v - (b[i] & 0xFF);
            int mag = Math.abs(d) <= 2 ? 0 : Math.min(20, 3 * (Math.abs(d) - 2));
            out[i] = clamp(v + (d < 0 ? -mag : mag));
        }
        return new Pixels(out, p.width(), p.height(), c, p.premultiplied());
    }

    /**
     * Grey from linear-light luminance (Rec. 709 weights), as libvips' {@code colourspace} to {@code b-w}. Opaque
     * images become one channel; images with alpha keep four channels with equal colour samples.
     */
    static Pixels grey(Pixels p) {
        int c = p.channels();
        if (c == 1) {
            return p;
        }
        byte[] s = p.data();
        int n = p.width() * p.height();
        byte[] d = new byte[n * (c == 4 ? 4 : 1)];
        for (int i = 0; i < n; i++) {
            int q = i * c + (c == 4 ? 1 : 0); // B, G, R
            double y = 0.0722 * TO_LINEAR[s[q] & 0xFF] + 0.7152 * TO_LINEAR[s[q + 1] & 0xFF]
                    + 0.2126 * TO_LINEAR[s[q + 2] & 0xFF];
            byte g = FROM_LINEAR[(int) Math.round(Math.min(1, y) * 4095)];
            if (c == 4) {
                d[i * 4] = s[i * 4];
                d[i * 4 + 1] = g;
                d[i * 4 + 2] = g;
                d[i * 4 + 3] = g;
            } else {
                d[i] = g;
            }
        }
        return new Pixels(d, p.width(), p.height(), c == 4 ? 4 : 1, false);
    }

    private static byte clamp(long v) {
        return (byte) Math.max(0, Math.min(255, v));
    }
}
