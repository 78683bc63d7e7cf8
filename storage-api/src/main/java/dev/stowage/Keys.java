package dev.stowage;

import java.nio.charset.StandardCharsets;

/**
 * The one place keys and prefixes are checked. A key is UTF-8, 1 to 1024 bytes, has no NUL or other
 * control character, does not start with {@code /}, and has no empty, {@code .} or {@code ..} segment.
 *
 * <p>Object stores also hold keys that exist in real buckets but break the last rule: S3-console folder markers
 * ({@code photos/}) and keys with empty segments ({@code a//double.txt}). {@link #validate(String, Capabilities)}
 * accepts those on stores without true directories, so they can be listed, read, copied and deleted, and refuses
 * them before any I/O on file-system-like stores, where they cannot exist.
 */
public final class Keys {
    /** The longest key, in UTF-8 bytes, that every backend accepts. */
    public static final int MAX_KEY_BYTES = 1024;

    private Keys() {
    }

    /**
     * Checks a key and returns it unchanged.
     *
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String validate(String key) {
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        if (key.endsWith("/")) {
            throw new IllegalArgumentException("invalid key '" + printable(key)
                    + "': a key must not end with '/' (that names a folder, not an object)");
        }
        checkCommon(key, "key");
        return key;
    }

    /**
     * Checks a key for a store with the given capabilities and returns it unchanged: {@link #validate(String)}, except
     * that a store holding {@linkplain Capabilities#looseKeys() loose keys} also accepts a key ending with
     * {@code /} (a folder marker) and empty segments ({@code a//b}). A leading {@code /}, {@code .} and {@code ..}
     * segments and control characters are refused everywhere.
     *
     * @throws IllegalArgumentException naming the key and the rule it breaks
     */
    public static String validate(String key, Capabilities capabilities) {
        if (!capabilities.looseKeys()) {
            return validate(key);
        }
        if (key == null) {
            throw new IllegalArgumentException("key must not be null");
        }
        if (key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        checkCommon(key, "key", true);
        return key;
    }

    /**
     * Checks a listing prefix: empty, or a key-shaped string that may end with {@code /}
     * and may end in a partial segment.
     */
    public static String validatePrefix(String prefix) {
        if (prefix == null || prefix.isEmpty()) {
            return "";
        }
        checkCommon(prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix, "prefix");
        if (prefix.endsWith("//")) {
            throw new IllegalArgumentException("invalid prefix '" + printable(prefix) + "': it has an empty segment ('//')");
        }
        return prefix;
    }

    private static void checkCommon(String key, String what) {
        checkCommon(key, what, false);
    }

    private static void checkCommon(String key, String what, boolean emptySegments) {
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid " + what + " '/': it has an empty segment");
        }
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c == 0) {
                throw new IllegalArgumentException("invalid " + what + " '" + printable(key)
                        + "': it contains a NUL character at index " + i);
            }
            if (c < 0x20 || c == 0x7f) {
                throw new IllegalArgumentException("invalid " + what + " '" + printable(key)
                        + "': it contains control character U+" + String.format("%04X", (int) c) + " at index " + i);
            }
            if (Character.isSurrogate(c)) {
                boolean paired = Character.isHighSurrogate(c) && i + 1 < key.length()
                        && Character.isLowSurrogate(key.charAt(i + 1));
                if (!paired) {
                    throw new IllegalArgumentException("invalid " + what + " '" + printable(key)
                            + "': it is not valid UTF-16 (lone surrogate at index " + i + ") and cannot be encoded as UTF-8");
                }
                i++;
            }
        }
        if (key.startsWith("/")) {
            throw new IllegalArgumentException("invalid " + what + " '" + printable(key)
                    + "': it must not start with '/'; keys are relative to the store's root");
        }
        int bytes = key.getBytes(StandardCharsets.UTF_8).length;
        if (bytes > MAX_KEY_BYTES) {
            throw new IllegalArgumentException("invalid " + what + " '" + printable(key).substring(0, 40)
                    + "...': it is " + bytes + " bytes in UTF-8, more than the " + MAX_KEY_BYTES + " allowed");
        }
        int start = 0;
        while (start <= key.length()) {
            int end = key.indexOf('/', start);
            if (end < 0) {
                end = key.length();
            }
            String segment = key.substring(start, end);
            if (segment.isEmpty() && !(emptySegments && start > 0)) {
                throw new IllegalArgumentException("invalid " + what + " '" + printable(key)
                        + "': it has an empty segment ('//')");
            }
            if (segment.equals(".") || segment.equals("..")) {
                throw new IllegalArgumentException("invalid " + what + " '" + printable(key)
                        + "': it has a '" + segment + "' segment; relative path segments are not allowed");
            }
            start = end + 1;
        }
    }

    /** The key as it can be shown in a message: control characters escaped. */
    static String printable(String key) {
        StringBuilder sb = new StringBuilder(key.length());
        for (int i = 0; i < key.length(); i++) {
            char c = key.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
