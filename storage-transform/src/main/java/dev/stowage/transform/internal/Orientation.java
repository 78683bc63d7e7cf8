package dev.stowage.transform.internal;

/**
 * EXIF orientation (1–8): how the stored pixels must be flipped or rotated for display. Resizing happens in
 * stored orientation, so the geometry is mapped back to stored coordinates first and only the small result
 * is rotated.
 *
 * <p>With {@code S} the stored image ({@code w × h}) and {@code D} the displayed one, continuous coordinates map
 * as: 1 {@code (x, y)}, 2 {@code (w-x, y)}, 3 {@code (w-x, h-y)}, 4 {@code (x, h-y)}, 5 {@code (y, x)},
 * 6 {@code (y, h-x)}, 7 {@code (w-y, h-x)}, 8 {@code (w-y, x)}: the position in {@code S} of point
 * {@code (x, y)} of {@code D}.
 */
final class Orientation {
    private Orientation() {
    }

    /** Whether displayed width and height are the stored height and width. */
    static boolean swapsAxes(int orientation) {
        return orientation >= 5;
    }

    /**
     * Maps a rectangle of the displayed image to the stored image.
     *
     * @param r       {x, y, width, height} in displayed coordinates
     * @param storedW stored width
     * @param storedH stored height
     * @return {x, y, width, height} in stored coordinates
     */
    static double[] toStored(int orientation, double[] r, int storedW, int storedH) {
        double[] a = point(orientation, r[0], r[1], storedW, storedH);
        double[] b = point(orientation, r[0] + r[2], r[1] + r[3], storedW, storedH);
        return new double[] {Math.min(a[0], b[0]), Math.min(a[1], b[1]), Math.abs(a[0] - b[0]),
            Math.abs(a[1] - b[1])};
    }

    private static double[] point(int orientation, double x, double y, double w, double h) {
        return switch (orientation) {
            case 2 -> new double[] {w - x, y};
            case 3 -> new double[] {w - x, h - y};
            case 4 -> new double[] {x, h - y};
            case 5 -> new double[] {y, x};
            case 6 -> new double[] {y, h - x};
            case 7 -> new double[] {w - y, h - x};
            case 8 -> new double[] {w - y, x};
            default -> new double[] {x, y};
        };
    }

    /** The displayed image for stored pixels {@code s}. */
    static Pixels apply(int orientation, Pixels s) {
        if (orientation <= 1 || orientation > 8) {
            return s;
        }
        int w = s.width();
        int h = s.height();
        int c = s.channels();
        boolean swap = swapsAxes(orientation);
        int dw = swap ? h : w;
        int dh = swap ? w : h;
        byte[] src = s.data();
        byte[] dst = new byte[src.length];
        // Stored index of displayed (0, 0) and its steps along a displayed row and down a displayed column.
        int[] origin = pixel(orientation, 0, 0, w, h);
        int[] nextX = pixel(orientation, 1, 0, w, h);
        int[] nextY = pixel(orientation, 0, 1, w, h);
        int start = (origin[1] * w + origin[0]) * c;
        int stepX = ((nextX[1] - origin[1]) * w + (nextX[0] - origin[0])) * c;
        int stepY = ((nextY[1] - origin[1]) * w + (nextY[0] - origin[0])) * c;
        int o = 0;
        for (int y = 0; y < dh; y++) {
            int p = start + y * stepY;
            for (int x = 0; x < dw; x++, p += stepX) {
                for (int k = 0; k < c; k++) {
                    dst[o++] = src[p + k];
                }
            }
        }
        return new Pixels(dst, dw, dh, c, s.premultiplied());
    }

    /** Pixel-index form of {@link #point}: the stored pixel shown at displayed pixel (x, y). */
    private static int[] pixel(int orientation, int x, int y, int w, int h) {
        return switch (orientation) {
            case 2 -> new int[] {w - 1 - x, y};
            case 3 -> new int[] {w - 1 - x, h - 1 - y};
            case 4 -> new int[] {x, h - 1 - y};
            case 5 -> new int[] {y, x};
            case 6 -> new int[] {y, h - 1 - x};
            case 7 -> new int[] {w - 1 - y, h - 1 - x};
            case 8 -> new int[] {w - 1 - y, x};
            default -> new int[] {x, y};
        };
    }
}
