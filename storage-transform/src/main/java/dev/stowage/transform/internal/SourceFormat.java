package dev.stowage.transform.internal;

/** The source formats this module decodes, recognised by their magic bytes rather than a name or media type. */
public enum SourceFormat {
    JPEG("jpeg", "com.twelvemonkeys."),
    PNG("png", "com.sun.imageio."),
    GIF("gif", "com.sun.imageio."),
    WEBP("webp", "com.twelvemonkeys."),
    BMP("bmp", "com.twelvemonkeys.");

    private final String formatName;
    private final String preferredReader;

    SourceFormat(String formatName, String preferredReader) {
        this.formatName = formatName;
        this.preferredReader = preferredReader;
    }

    /** The ImageIO format name. */
    public String formatName() {
        return formatName;
    }

    /**
     * Package prefix of the reader to prefer when several plugins claim the format: TwelveMonkeys handles CMYK,
     * ICC profiles and odd JPEG/BMP variants that the JDK refuses; the WebP encoder plugin also registers a
     * (native) WebP reader, and the pure-Java one is preferred for decoding untrusted input.
     */
    String preferredReader() {
        return preferredReader;
    }

    /** The format whose signature starts {@code data}, or {@code null} if none of the supported ones. */
    public static SourceFormat sniff(byte[] data) {
        if (startsWith(data, 0, 0xFF, 0xD8, 0xFF)) {
            return JPEG;
        }
        if (startsWith(data, 0, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return PNG;
        }
        if (startsWith(data, 0, 'G', 'I', 'F', '8')) {
            return GIF;
        }
        if (startsWith(data, 0, 'R', 'I', 'F', 'F') && startsWith(data, 8, 'W', 'E', 'B', 'P')) {
            return WEBP;
        }
        if (startsWith(data, 0, 'B', 'M') && data.length >= 26) {
            return BMP;
        }
        return null;
    }

    private static boolean startsWith(byte[] data, int offset, int... signature) {
        if (data.length < offset + signature.length) {
            return false;
        }
        for (int i = 0; i < signature.length; i++) {
            if ((data[offset + i] & 0xFF) != signature[i]) {
                return false;
            }
        }
        return true;
    }
}
