package dev.stowage.spi;

import java.util.Comparator;

/**
 * The order listings are returned in: by the keys' UTF-8 bytes, as S3 and most object stores order them.
 * Java's {@link String#compareTo} differs for characters beyond U+FFFF, so drivers that sort keys themselves
 * (file systems, FTP, SFTP) use this.
 */
public final class KeyOrder {
    /** Compares keys by their UTF-8 encoding. */
    public static final Comparator<String> UTF8 = KeyOrder::compare;

    private KeyOrder() {
    }

    public static int compare(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            char ca = a.charAt(i);
            char cb = b.charAt(i);
            if (ca != cb) {
                // Surrogates (U+D800–DFFF) encode code points above U+FFFF, which sort after U+E000–FFFF in UTF-8.
                boolean sa = Character.isSurrogate(ca);
                boolean sb = Character.isSurrogate(cb);
                if (sa != sb) {
                    return sa ? (cb >= 0xE000 ? 1 : Character.compare(ca, cb))
                            : (ca >= 0xE000 ? -1 : Character.compare(ca, cb));
                }
                return Character.compare(ca, cb);
            }
        }
        return Integer.compare(a.length(), b.length());
    }

    /** Whether {@code key} sorts strictly after {@code startAfter} ({@code null} means no bound). */
    public static boolean isAfter(String key, String startAfter) {
        return startAfter == null || compare(key, startAfter) > 0;
    }
}
