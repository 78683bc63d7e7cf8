package dev.stowage.transform.internal;

import dev.stowage.transform.Gravity;

/**
 * Smart crop on the pure-Java engine: where a cover crop slides along its free axis, the window is placed by a
 * score computed on a small preview of the image, as libvips' {@code entropy} and {@code attention} strategies
 * do (the scores are ours, not libvips', so the two engines may choose somewhat different windows):
 * <ul>
 *   <li>entropy: the window whose luma histogram has the most entropy (the most varied detail);</li>
 *   <li>attention: the window with the most edges (luma gradient), saturated colour and skin tones.</li>
 * </ul>
 */
final class SmartCrop {
    /** Long side of the preview the score is computed on: plenty to place a window, cheap to decode. */
    static final int PREVIEW = 256;

    private SmartCrop() {
    }

    /**
     * The crop {x, y, w, h} (displayed source pixels) moved along its free axis to the best-scoring window.
     *
     * @param preview the whole displayed image at a reduced size
     */
    static double[] place(Pixels preview, double[] crop, int displayedW, int displayedH, Gravity gravity) {
        boolean horizontal = crop[2] < displayedW - 0.5;
        boolean vertical = crop[3] < displayedH - 0.5;
        if (!horizontal && !vertical) {
            return crop;
        }
        int pw = preview.width();
        int ph = preview.height();
        double scale = (double) pw / displayedW;
        int length = horizontal ? pw : ph;
        int window = Math.max(1, Math.min(length, (int) Math.round((horizontal ? crop[2] : crop[3]) * scale)));
        int best = gravity == Gravity.ENTROPY ? bestByEntropy(preview, horizontal, window)
                : bestBySum(attention(preview)[horizontal ? 0 : 1], length, window);
        double[] out = crop.clone();
        if (horizontal) {
            out[0] = Math.max(0, Math.min(displayedW - crop[2], best / scale));
        } else {
            out[1] = Math.max(0, Math.min(displayedH - crop[3], best / scale));
        }
        return out;
    }

    private static int bestBySum(double[] line, int length, int window) {
        double sum = 0;
        for (int i = 0; i < window; i++) {
            sum += line[i];
        }
        double best = sum;
        int at = 0;
        for (int i = window; i < length; i++) {
            sum += line[i] - line[i - window];
            if (sum > best) {
                best = sum;
                at = i - window + 1;
            }
        }
        return at;
    }

    /** Attention summed per column (index 0) and per row (index 1): edges, saturation and skin tones. */
    private static double[][] attention(Pixels p) {
        int w = p.width();
        int h = p.height();
        double[] cols = new double[w];
        double[] rows = new double[h];
        int[] luma = luma(p);
        int c = p.channels();
        byte[] d = p.data();
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int i = y * w + x;
                int gx = x + 1 < w ? Math.abs(luma[i + 1] - luma[i]) : 0;
                int gy = y + 1 < h ? Math.abs(luma[i + w] - luma[i]) : 0;
                double score = gx + gy;
                if (c >= 3) {
                    int o = i * c + (c == 4 ? 1 : 0);
                    int b = d[o] & 0xFF;
                    int g = d[o + 1] & 0xFF;
                    int r = d[o + 2] & 0xFF;
                    score += (Math.max(r, Math.max(g, b)) - Math.min(r, Math.min(g, b))) * 0.5;
                    if (r > 95 && g > 40 && b > 20 && r > g && r > b && r - g > 15) {
                        score += 40; // skin tones draw the eye, as in libvips' attention
                    }
                }
                cols[x] += score;
                rows[y] += score;
            }
        }
        return new double[][] {cols, rows};
    }

    private static int bestByEntropy(Pixels p, boolean horizontal, int window) {
        int w = p.width();
        int h = p.height();
        int[] luma = luma(p);
        int length = horizontal ? w : h;
        int across = horizontal ? h : w;
        int[] hist = new int[32];
        for (int i = 0; i < window; i++) {
            addLine(hist, luma, w, horizontal, i, across, 1);
        }
        double best = entropy(hist);
        int at = 0;
        for (int i = window; i < length; i++) {
            addLine(hist, luma, w, horizontal, i, across, 1);
            addLine(hist, luma, w, horizontal, i - window, across, -1);
            double e = entropy(hist);
            if (e > best) {
                best = e;
                at = i - window + 1;
            }
        }
        return at;
    }

    private static void addLine(int[] hist, int[] luma, int w, boolean column, int index, int across, int delta) {
        for (int k = 0; k < across; k++) {
            hist[luma[column ? k * w + index : index * w + k] >> 3] += delta;
        }
    }

    private static double entropy(int[] hist) {
        long total = 0;
        for (int v : hist) {
            total += v;
        }
        double e = 0;
        for (int v : hist) {
            if (v > 0) {
                double q = (double) v / total;
                e -= q * Math.log(q);
            }
        }
        return e;
    }

    private static int[] luma(Pixels p) {
        int n = p.width() * p.height();
        int c = p.channels();
        byte[] d = p.data();
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            if (c == 1) {
                y[i] = d[i] & 0xFF;
            } else {
                int o = i * c + (c == 4 ? 1 : 0);
                y[i] = (29 * (d[o] & 0xFF) + 150 * (d[o + 1] & 0xFF) + 77 * (d[o + 2] & 0xFF)) >> 8;
            }
        }
        return y;
    }
}
