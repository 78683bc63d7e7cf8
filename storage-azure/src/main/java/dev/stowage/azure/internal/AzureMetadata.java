package dev.stowage.azure.internal;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Azure metadata names must be C# identifiers (letters, digits and '_', not starting with a digit), while
 * portable names also allow '-' and a leading digit. Names are escaped reversibly: '_' as {@code __},
 * '-' as {@code _x}, and a leading digit gets an {@code _n} prefix. Plain names are stored as they are.
 */
final class AzureMetadata {
    private AzureMetadata() {
    }

    static Map<String, String> encode(Map<String, String> metadata) {
        if (metadata.isEmpty()) {
            return null;
        }
        Map<String, String> out = new TreeMap<>();
        metadata.forEach((k, v) -> out.put(encodeName(k), v));
        return out;
    }

    static Map<String, String> decode(Map<String, String> metadata) {
        if (metadata == null || metadata.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        metadata.forEach((k, v) -> out.put(decodeName(k).toLowerCase(Locale.ROOT), v));
        return out;
    }

    static String encodeName(String name) {
        StringBuilder sb = new StringBuilder(name.length() + 4);
        if (Character.isDigit(name.charAt(0))) {
            sb.append("_n");
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            switch (c) {
                case '_' -> sb.append("__");
                case '-' -> sb.append("_x");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    static String decodeName(String name) {
        StringBuilder sb = new StringBuilder(name.length());
        int i = 0;
        if (name.startsWith("_n") && name.length() > 2 && Character.isDigit(name.charAt(2))) {
            i = 2;
        }
        for (; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c == '_' && i + 1 < name.length()) {
                char next = name.charAt(i + 1);
                if (next == '_' || next == 'x') {
                    sb.append(next == '_' ? '_' : '-');
                    i++;
                    continue;
                }
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
