package dev.stowage.transform;

import java.util.Locale;

/**
 * Which engine an {@link ImageTransformer} uses: libvips when it is installed ({@link #AUTO}), or one forced.
 */
public enum EngineChoice {
    /** libvips if it loads, else the pure-Java engine. */
    AUTO,
    /** libvips; constructing a transformer fails, saying how to install it, where it does not load. */
    VIPS,
    /** The pure-Java (ImageIO) engine, whatever is installed. */
    JAVA;

    /**
     * The choice named {@code auto}, {@code vips} or {@code java} (case-insensitive), e.g. from a command-line
     * option or {@code -Dstowage.transform.engine}.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static EngineChoice parse(String name) {
        for (EngineChoice c : values()) {
            if (c.name().equalsIgnoreCase(name == null ? "" : name.trim())) {
                return c;
            }
        }
        throw new IllegalArgumentException("Unknown image engine '" + name + "': use auto, vips or java");
    }

    /** The lower-case name, as {@link #parse(String)} reads it. */
    public String token() {
        return name().toLowerCase(Locale.ROOT);
    }
}
