package dev.stowage.transform;

import java.util.Locale;

/** Mirroring applied after resizing and rotation. */
public enum Flip {
    /** No mirroring (the default). */
    NONE(""),
    /** Mirror left to right ({@code flip=h}, ImageKit {@code fl-h}). */
    HORIZONTAL("h"),
    /** Mirror top to bottom ({@code flip=v}, ImageKit {@code fl-v}). */
    VERTICAL("v"),
    /** Both, the same as rotating by 180° ({@code flip=hv}, ImageKit {@code fl-h_v}). */
    BOTH("hv");

    private final String token;

    Flip(String token) {
        this.token = token;
    }

    /** The name used in URLs and in {@link Transform#canonical()}: {@code h}, {@code v} or {@code hv}. */
    public String token() {
        return token;
    }

    /** Whether left and right are swapped. */
    public boolean horizontal() {
        return this == HORIZONTAL || this == BOTH;
    }

    /** Whether top and bottom are swapped. */
    public boolean vertical() {
        return this == VERTICAL || this == BOTH;
    }

    static Flip fromToken(String token) {
        String t = token.toLowerCase(Locale.ROOT).replace("_", "");
        return switch (t) {
            case "h" -> HORIZONTAL;
            case "v" -> VERTICAL;
            case "hv", "vh" -> BOTH;
            default -> null;
        };
    }
}
