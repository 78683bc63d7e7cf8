package dev.stowage.azure.internal;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Metadata names on Azure, which must be C# identifiers ({@code [A-Za-z_][A-Za-z0-9_]*}) and are compared without
 * regard to case, while portable names also allow '-' and a leading digit.
 *
 * <ul>
 *   <li>A name that is an identifier is stored as it is ({@code snake_case}, {@code double__under}), so every other
 *       Azure tool reads it as written. Portable names are lower-case ({@code PutOptions} makes them so on every
 *       backend), so {@code camelCase} is stored as {@code camelcase}; names other tools wrote in any case are read
 *       lower-cased.</li>
 *   <li>Any other name is stored as {@value #PREFIX} followed by the name with each byte that is not an ASCII letter
 *       or digit written as {@code _} and two upper-case hex digits: {@code trace-id} is
 *       {@code stowage_trace_2Did}, {@code 9lives} is {@code stowage_9lives}. So is an identifier that itself starts
 *       with the prefix, so that no name Stowage writes is ambiguous.</li>
 *   <li>A stored name decodes to something else only when it is exactly (ignoring case) what Stowage writes for that
 *       something else; any name another tool wrote ({@code is_xml}, {@code double__under}, {@code stowage_x})
 *       therefore reads back as itself.</li>
 *   <li>Two names that Azure would store as one (equal ignoring case) are refused before the write.</li>
 * </ul>
 */
final class AzureMetadata {
    static final String PREFIX = "stowage_";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private AzureMetadata() {
    }

    /** The names to send, or null when there are none; refuses names that Azure would merge. */
    static Map<String, String> encode(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        Map<String, String> out = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        Map<String, String> origin = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        metadata.forEach((name, value) -> {
            String stored = encodeName(name);
            String earlier = origin.putIfAbsent(stored, name);
            if (earlier != null) {
                throw new IllegalArgumentException("metadata names '" + earlier + "' and '" + name
                        + "' are the same name on Azure, which compares metadata names without regard to case; "
                        + "keep one of them");
            }
            out.put(stored, value);
        });
        return out;
    }

    /** The portable (lower-case) names of what Azure returned. */
    static Map<String, String> decode(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        Map<String, String> escaped = new TreeMap<>();
        metadata.forEach((k, v) -> {
            String name = decodeName(k);
            if (name.equals(k)) {
                out.put(k.toLowerCase(Locale.ROOT), v);
            } else {
                escaped.put(k, v);
            }
        });
        // A name another tool wrote literally wins over Stowage's escape of the same name (both can exist only when
        // another tool wrote a name starting with the prefix); the escaped one then keeps its stored name, so no
        // value is lost.
        escaped.forEach((k, v) -> {
            String name = decodeName(k).toLowerCase(Locale.ROOT);
            out.put(out.containsKey(name) ? k.toLowerCase(Locale.ROOT) : name, v);
        });
        return out;
    }

    static boolean isIdentifier(String name) {
        if (name.isEmpty() || !(isLetter(name.charAt(0)) || name.charAt(0) == '_')) {
            return false;
        }
        for (int i = 1; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(isLetter(c) || isDigit(c) || c == '_')) {
                return false;
            }
        }
        return true;
    }

    static String encodeName(String name) {
        if (isIdentifier(name) && !hasPrefix(name)) {
            return name;
        }
        StringBuilder sb = new StringBuilder(PREFIX.length() + name.length() + 8).append(PREFIX);
        for (byte b : name.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if (isLetter(c) || isDigit(c)) {
                sb.append(c);
            } else {
                sb.append('_').append(HEX[(b >> 4) & 0xf]).append(HEX[b & 0xf]);
            }
        }
        return sb.toString();
    }

    static String decodeName(String stored) {
        if (!hasPrefix(stored)) {
            return stored;
        }
        byte[] out = new byte[stored.length()];
        int n = 0;
        for (int i = PREFIX.length(); i < stored.length(); i++) {
            char c = stored.charAt(i);
            if (c == '_') {
                int hi = i + 2 < stored.length() ? Character.digit(stored.charAt(i + 1), 16) : -1;
                int lo = hi >= 0 ? Character.digit(stored.charAt(i + 2), 16) : -1;
                if (lo < 0) {
                    return stored;
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else if (c < 0x80) {
                out[n++] = (byte) c;
            } else {
                return stored;
            }
        }
        String decoded = new String(out, 0, n, StandardCharsets.UTF_8);
        // Only Stowage's own spelling of a name decodes; anything else another tool chose is taken literally.
        return !decoded.isEmpty() && encodeName(decoded).equalsIgnoreCase(stored) ? decoded : stored;
    }

    private static boolean hasPrefix(String name) {
        return name.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
    }

    private static boolean isLetter(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
