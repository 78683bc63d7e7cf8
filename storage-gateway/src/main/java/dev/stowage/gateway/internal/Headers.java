package dev.stowage.gateway.internal;

import dev.stowage.ETag;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** HTTP header helpers of the gateway: the headers every answer carries, dates, conditional requests, encoding. */
final class Headers {
    /** Every answer, error pages included: no MIME sniffing, and nothing a browser runs from this origin. */
    static final String NOSNIFF = "nosniff";
    static final String SANDBOX_CSP = "default-src 'none'; sandbox";

    private Headers() {
    }

    /** A new header map holding what every answer carries. */
    static Map<String, String> base() {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("X-Content-Type-Options", NOSNIFF);
        h.put("Content-Security-Policy", SANDBOX_CSP);
        return h;
    }

    static String httpDate(Instant t) {
        return DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.ofInstant(t, ZoneOffset.UTC));
    }

    static Instant parseDate(String value) {
        try {
            return ZonedDateTime.parse(value.trim(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    /** Whether a GET may be answered 304 (RFC 9110: If-None-Match wins over If-Modified-Since). */
    static boolean notModified(Exchange ex, String etag, Instant lastModified) {
        String inm = ex.header("If-None-Match");
        if (inm != null) {
            return etag != null && matches(inm, etag);
        }
        String ims = ex.header("If-Modified-Since");
        Instant since = ims == null ? null : parseDate(ims);
        return since != null && lastModified != null && lastModified.getEpochSecond() <= since.getEpochSecond();
    }

    static boolean conditional(Exchange ex) {
        return ex.header("If-None-Match") != null || ex.header("If-Modified-Since") != null;
    }

    /** Whether an If-Range header (if any) still names this version: strong comparison only. */
    static boolean ifRangeHolds(Exchange ex, String etag) {
        String ifRange = ex.header("If-Range");
        return ifRange == null || (etag != null && !ifRange.startsWith("W/") && ifRange.trim().equals(etag));
    }

    /** Weak comparison, as RFC 9110 prescribes for If-None-Match. */
    private static boolean matches(String ifNoneMatch, String etag) {
        String mine = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    /** The response header naming the store a route's answer came from. */
    static final String ORIGIN = "X-Stowage-Origin";

    /** Names the origin of an answer served through a route (a single store's answers need no such header). */
    static void origin(Map<String, String> h, Original original) {
        if (original.routed()) {
            h.put(ORIGIN, original.origin());
        }
    }

    static String quote(String etag) {
        ETag tag = ETag.parse(etag);
        return tag == null ? null : tag.quoted();
    }

    /** The type a store declares, or one guessed from the key's extension; never sniffed. */
    static String declaredType(String contentType, String key) {
        if (contentType != null && !contentType.isBlank()) {
            return contentType;
        }
        String ext = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "svg" -> "image/svg+xml";
            case "pdf" -> "application/pdf";
            case "txt" -> "text/plain; charset=utf-8";
            case "json" -> "application/json";
            case "html", "htm" -> "text/html";
            default -> "application/octet-stream";
        };
    }

    /** The media type without parameters, lower case: {@code Text/HTML; charset=x} is {@code text/html}. */
    static String baseType(String type) {
        int semi = type.indexOf(';');
        return (semi < 0 ? type : type.substring(0, semi)).strip().toLowerCase(Locale.ROOT);
    }

    /** {@code attachment} with the key's last segment as an RFC 6266 / 8187 encoded file name. */
    static String attachment(String key) {
        String name = key.substring(key.lastIndexOf('/') + 1);
        return "attachment; filename*=UTF-8''" + encodePath(name).replace("/", "%2F");
    }

    /** Percent-encodes a key for a URL path, keeping '/' and RFC 3986 unreserved characters. */
    static String encodePath(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (keep) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
