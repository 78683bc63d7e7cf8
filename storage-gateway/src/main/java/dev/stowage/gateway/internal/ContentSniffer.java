package dev.stowage.gateway.internal;

/**
 * Tells image formats from their first bytes, so that an original's {@code Content-Type} says what the bytes are,
 * not what the store or the file name claims. Only raster formats a browser cannot run code from are recognised;
 * SVG, HTML and everything else are "not an image" here.
 */
final class ContentSniffer {
    /** How many leading bytes {@link #imageType} needs. */
    static final int HEAD_BYTES = 32;

    private ContentSniffer() {
    }

    /** The image media type of content starting with {@code head[0..n)}, or {@code null} when it is not one. */
    static String imageType(byte[] head, int n) {
        if (starts(head, n, 0xFF, 0xD8, 0xFF)) {
            return "image/jpeg";
        }
        if (starts(head, n, 0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A)) {
            return "image/png";
        }
        if (starts(head, n, 'G', 'I', 'F', '8') && n >= 6 && (head[4] == '7' || head[4] == '9') && head[5] == 'a') {
            return "image/gif";
        }
        if (starts(head, n, 'R', 'I', 'F', 'F') && n >= 12 && head[8] == 'W' && head[9] == 'E' && head[10] == 'B'
                && head[11] == 'P') {
            return "image/webp";
        }
        if (n >= 12 && head[4] == 'f' && head[5] == 't' && head[6] == 'y' && head[7] == 'p') {
            String brand = new String(head, 8, 4, java.nio.charset.StandardCharsets.US_ASCII);
            if (brand.equals("avif") || brand.equals("avis")) {
                return "image/avif";
            }
            return null;
        }
        if (starts(head, n, 'B', 'M') && n >= 14) {
            return "image/bmp";
        }
        if (starts(head, n, 0x00, 0x00, 0x01, 0x00) && n >= 6) {
            return "image/x-icon";
        }
        if (starts(head, n, 'I', 'I', 0x2A, 0x00) || starts(head, n, 'M', 'M', 0x00, 0x2A)) {
            return "image/tiff";
        }
        return null;
    }

    private static boolean starts(byte[] head, int n, int... magic) {
        if (n < magic.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if ((head[i] & 0xFF) != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
