package dev.stowage.transform;

import java.util.Locale;

/**
 * A background colour: used to letterbox {@link Fit#CONTAIN} and to flatten transparency into JPEG.
 * Written in URLs as hex {@code rgb}, {@code rrggbb} or {@code rrggbbaa}, with or without a leading {@code #}.
 *
 * @param red   0–255
 * @param green 0–255
 * @param blue  0–255
 * @param alpha 0 (transparent) to 255 (opaque); ignored when the output format has no alpha
 */
public record Rgba(int red, int green, int blue, int alpha) {
    /** Opaque white, the default background. */
    public static final Rgba WHITE = new Rgba(255, 255, 255, 255);

    public Rgba {
        check("red", red);
        check("green", green);
        check("blue", blue);
        check("alpha", alpha);
    }

    private static void check(String name, int value) {
        if (value < 0 || value > 255) {
            throw new IllegalArgumentException(name + " must be 0–255, was " + value);
        }
    }

    /**
     * Parses {@code rgb}, {@code rrggbb} or {@code rrggbbaa} hex, with an optional {@code #}.
     *
     * @throws IllegalArgumentException if {@code text} is not such a colour
     */
    public static Rgba parse(String text) {
        String hex = text.startsWith("#") ? text.substring(1) : text;
        if (!hex.matches("[0-9a-fA-F]{3}|[0-9a-fA-F]{6}|[0-9a-fA-F]{8}")) {
            throw new IllegalArgumentException("not a hex colour rgb, rrggbb or rrggbbaa: " + text);
        }
        if (hex.length() == 3) {
            hex = "" + hex.charAt(0) + hex.charAt(0) + hex.charAt(1) + hex.charAt(1) + hex.charAt(2) + hex.charAt(2);
        }
        int alpha = hex.length() == 8 ? Integer.parseInt(hex.substring(6, 8), 16) : 255;
        return new Rgba(Integer.parseInt(hex.substring(0, 2), 16), Integer.parseInt(hex.substring(2, 4), 16),
                Integer.parseInt(hex.substring(4, 6), 16), alpha);
    }

    /** Lower-case hex, {@code rrggbb} when opaque and {@code rrggbbaa} otherwise. */
    public String hex() {
        String rgb = String.format(Locale.ROOT, "%02x%02x%02x", red, green, blue);
        return alpha == 255 ? rgb : rgb + String.format(Locale.ROOT, "%02x", alpha);
    }

    /** Whether the colour is fully opaque. */
    public boolean isOpaque() {
        return alpha == 255;
    }
}
