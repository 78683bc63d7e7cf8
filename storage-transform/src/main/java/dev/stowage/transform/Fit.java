package dev.stowage.transform;

import java.util.Locale;

/**
 * How the source is fitted to the requested width and height when both are given
 * (the same five modes as sharp and the CSS {@code object-fit} property).
 * With only one dimension, the other follows the aspect ratio and the fit does not matter.
 */
public enum Fit {
    /** Fill the box exactly, keeping the aspect ratio, cropping the overflow at the {@link Gravity}. */
    COVER,
    /** Fit the whole image inside the box, keeping the aspect ratio, and letterbox with the background. */
    CONTAIN,
    /** Stretch to the box exactly, ignoring the aspect ratio. */
    FILL,
    /** Fit the whole image inside the box, keeping the aspect ratio; the output may be smaller than the box. */
    INSIDE,
    /** Cover the box, keeping the aspect ratio, without cropping; the output may be larger than the box. */
    OUTSIDE;

    /** The name used in URLs and in {@link Transform#canonical()}. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The fit named by {@code token} (case-insensitive), or {@code null} if none. */
    static Fit fromToken(String token) {
        for (Fit fit : values()) {
            if (fit.token().equalsIgnoreCase(token)) {
                return fit;
            }
        }
        return null;
    }
}
