package dev.stowage.transform.internal;

import dev.stowage.transform.Fit;
import dev.stowage.transform.Gravity;
import dev.stowage.transform.Transform;

/**
 * Where the pixels go, in displayed (EXIF-oriented) coordinates: which part of the source is used, the size
 * it is scaled to, and where that sits on the output canvas (only {@link Fit#CONTAIN} leaves a margin).
 *
 * @param canvasWidth  output width
 * @param canvasHeight output height
 * @param imageWidth   width the source region is scaled to
 * @param imageHeight  height the source region is scaled to
 * @param offsetX      left edge of the scaled image on the canvas
 * @param offsetY      top edge of the scaled image on the canvas
 * @param crop         the source region used, {x, y, width, height}, possibly fractional
 */
public record Layout(int canvasWidth, int canvasHeight, int imageWidth, int imageHeight, int offsetX, int offsetY,
              double[] crop) {

    /** Whether the image does not fill the canvas (contain's margins). */
    public boolean letterboxed() {
        return imageWidth != canvasWidth || imageHeight != canvasHeight;
    }

    /** The layout of {@code t} for a source of {@code sourceW × sourceH} displayed pixels. */
    public static Layout of(Transform t, int sourceW, int sourceH) {
        int tw = t.targetWidth();
        int th = t.targetHeight();
        double[] whole = {0, 0, sourceW, sourceH};
        if (tw == 0 && th == 0) {
            return plain(sourceW, sourceH, whole);
        }
        if (th == 0) {
            return plain(tw, scaled(sourceH, (double) tw / sourceW), whole);
        }
        if (tw == 0) {
            return plain(scaled(sourceW, (double) th / sourceH), th, whole);
        }
        double sx = (double) tw / sourceW;
        double sy = (double) th / sourceH;
        return switch (t.fit()) {
            case FILL -> plain(tw, th, whole);
            case INSIDE -> sx <= sy ? plain(tw, scaled(sourceH, sx), whole) : plain(scaled(sourceW, sy), th, whole);
            case OUTSIDE -> sx >= sy ? plain(tw, scaled(sourceH, sx), whole) : plain(scaled(sourceW, sy), th, whole);
            case CONTAIN -> {
                int iw = sx <= sy ? tw : scaled(sourceW, sy);
                int ih = sx <= sy ? scaled(sourceH, sx) : th;
                Gravity g = t.gravity();
                yield new Layout(tw, th, iw, ih, (int) Math.round((tw - iw) * g.x()),
                        (int) Math.round((th - ih) * g.y()), whole);
            }
            case COVER -> {
                double scale = Math.max(sx, sy);
                // The region of the source that, scaled, exactly fills the box; one side is the whole source.
                double cw = sx >= sy ? sourceW : Math.min(sourceW, tw / scale);
                double ch = sx >= sy ? Math.min(sourceH, th / scale) : sourceH;
                Gravity g = t.gravity();
                yield plain(tw, th, new double[] {(sourceW - cw) * g.x(), (sourceH - ch) * g.y(), cw, ch});
            }
        };
    }

    private static Layout plain(int w, int h, double[] crop) {
        return new Layout(w, h, w, h, 0, 0, crop);
    }

    private static int scaled(int length, double scale) {
        return Math.max(1, (int) Math.round(length * scale));
    }
}
