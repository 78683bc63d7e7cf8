package dev.stowage.cli;

/**
 * Makes text from stores safe to print on a terminal. Keys, ETags and metadata come from whoever wrote the
 * objects: an ESC sequence in a key could recolour or rewrite the screen, a newline could forge a whole output
 * line ("all objects verified OK"), a bidi override could make a name read backwards. Every such character is
 * shown as an escape instead: C0 controls and DEL as {@code \x1b}, C1 controls, bidi controls and line separators
 * as {@code \u202e}. Everything else, including non-Latin letters, is printed as is, so ordinary keys can still be
 * copied from the output.
 */
final class Printable {
    private Printable() {
    }

    /** The text with every control, bidi-control and line-separator character escaped; null as "-". */
    static String of(String text) {
        if (text == null) {
            return "-";
        }
        int i = 0;
        while (i < text.length() && !needsEscape(text.charAt(i))) {
            i++;
        }
        if (i == text.length()) {
            return text;
        }
        StringBuilder sb = new StringBuilder(text.length() + 16).append(text, 0, i);
        for (; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!needsEscape(c)) {
                sb.append(c);
            } else if (c < 0x80) {
                sb.append(String.format("\\x%02x", (int) c));
            } else {
                sb.append(String.format("\\u%04x", (int) c));
            }
        }
        return sb.toString();
    }

    static boolean needsEscape(char c) {
        return c < 0x20 || (c >= 0x7f && c <= 0x9f) // C0, DEL, C1
                || c == 0x061c || c == 0x200e || c == 0x200f // Arabic letter mark, LRM, RLM
                || (c >= 0x202a && c <= 0x202e) // LRE, RLE, PDF, LRO, RLO
                || (c >= 0x2066 && c <= 0x2069) // LRI, RLI, FSI, PDI
                || c == 0x2028 || c == 0x2029; // line and paragraph separators
    }
}
