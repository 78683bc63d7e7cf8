package dev.stowage.transform;

import java.util.Locale;

/**
 * Which part of the image is kept by a {@link Fit#COVER} crop, and where a {@link Fit#CONTAIN} image sits
 * in its letterbox: the centre, an edge or a corner.
 */
public enum Gravity {
    /** The middle (the default; {@code center} is accepted too). */
    CENTRE(0.5, 0.5),
    /** The top edge, centred horizontally. */
    NORTH(0.5, 0),
    /** The top-right corner. */
    NORTHEAST(1, 0),
    /** The right edge, centred vertically. */
    EAST(1, 0.5),
    /** The bottom-right corner. */
    SOUTHEAST(1, 1),
    /** The bottom edge, centred horizontally. */
    SOUTH(0.5, 1),
    /** The bottom-left corner. */
    SOUTHWEST(0, 1),
    /** The left edge, centred vertically. */
    WEST(0, 0.5),
    /** The top-left corner. */
    NORTHWEST(0, 0),
    /**
     * Smart crop: the region most likely to draw the eye (skin tones, saturated colour, edges), as libvips'
     * {@code attention} strategy. Only for {@link Fit#COVER}; the pure-Java engine scores the windows its own way.
     */
    ATTENTION(0.5, 0.5),
    /** Smart crop: the region with the most detail (highest entropy), as libvips' {@code entropy} strategy. */
    ENTROPY(0.5, 0.5);

    private final double x;
    private final double y;

    Gravity(double x, double y) {
        this.x = x;
        this.y = y;
    }

    /** Horizontal anchor: 0 keeps the left edge, 0.5 the centre, 1 the right edge. */
    public double x() {
        return x;
    }

    /** Vertical anchor: 0 keeps the top edge, 0.5 the centre, 1 the bottom edge. */
    public double y() {
        return y;
    }

    /** Whether this picks the crop from the image content rather than a fixed anchor. */
    public boolean isSmart() {
        return this == ATTENTION || this == ENTROPY;
    }

    /** The name used in URLs and in {@link Transform#canonical()}, e.g. {@code northeast}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The gravity named by {@code token} (case-insensitive; {@code center} is accepted), or {@code null}. */
    static Gravity fromToken(String token) {
        if ("center".equalsIgnoreCase(token)) {
            return CENTRE;
        }
        if ("smart".equalsIgnoreCase(token)) {
            return ATTENTION;
        }
        for (Gravity g : values()) {
            if (g.token().equalsIgnoreCase(token)) {
                return g;
            }
        }
        return null;
    }
}
