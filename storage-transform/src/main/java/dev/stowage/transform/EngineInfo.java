package dev.stowage.transform;

/**
 * The engine an {@link ImageTransformer} runs on, for a health page or a startup line
 * (e.g. {@code libvips 8.14.1} or {@code java (ImageIO)}).
 *
 * @param name    {@code libvips} or {@code java}
 * @param version the libvips version, or the Java runtime version for the pure-Java engine
 * @param avif    whether this engine writes AVIF
 */
public record EngineInfo(String name, String version, boolean avif) {

    /** Whether this is the libvips engine. */
    public boolean isVips() {
        return "libvips".equals(name);
    }

    /** {@code libvips 8.14.1} or {@code java 17.0.15 (ImageIO)}. */
    @Override
    public String toString() {
        return isVips() ? name + " " + version : name + " " + version + " (ImageIO)";
    }
}
