package dev.stowage.transform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Parser of the query dialect {@code w=800&h=600&fit=cover&q=80&f=webp}. */
final class QueryDialect {
    private static final Map<String, String> NAMES = Map.ofEntries(
            Map.entry("w", "w"), Map.entry("width", "w"),
            Map.entry("h", "h"), Map.entry("height", "h"),
            Map.entry("fit", "fit"),
            Map.entry("g", "g"), Map.entry("gravity", "g"),
            Map.entry("dpr", "dpr"),
            Map.entry("f", "f"), Map.entry("format", "f"),
            Map.entry("q", "q"), Map.entry("quality", "q"),
            Map.entry("bg", "bg"), Map.entry("background", "bg"));
    private static final String KNOWN = "w, h, fit, g, dpr, f, q, bg "
            + "(or width, height, gravity, format, quality, background)";

    static final Pattern DIMENSION = Pattern.compile("[0-9]{1,5}");
    static final Pattern QUALITY = Pattern.compile("[0-9]{1,3}");
    static final Pattern DPR = Pattern.compile("[0-9](\\.[0-9]{1,2})?");

    private QueryDialect() {
    }

    static Transform parse(String query) {
        String q = query == null ? "" : query.startsWith("?") ? query.substring(1) : query;
        // canonical name -> key as written, and the parsed value: finds repeated and contradictory parameters
        Map<String, String> keys = new HashMap<>();
        Map<String, Object> values = new HashMap<>();
        for (String piece : q.split("&")) {
            if (piece.isEmpty()) {
                continue;
            }
            int eq = piece.indexOf('=');
            String key = decode(eq < 0 ? piece : piece.substring(0, eq)).toLowerCase(Locale.ROOT);
            String value = eq < 0 ? "" : decode(piece.substring(eq + 1));
            String name = NAMES.get(key);
            if (name == null) {
                throw TransformException.invalid(key, value, "is not a known parameter; known: " + KNOWN);
            }
            if (value.isEmpty()) {
                throw TransformException.invalid(key, value, "has no value");
            }
            Object parsed = parseValue(name, key, value);
            String previousKey = keys.putIfAbsent(name, key);
            if (previousKey != null) {
                if (previousKey.equals(key)) {
                    throw TransformException.invalid(key, value, "is given more than once");
                }
                if (!values.get(name).equals(parsed)) {
                    throw TransformException.invalid(key, value, "contradicts " + previousKey);
                }
            }
            values.put(name, parsed);
        }
        Transform.Builder b = Transform.builder();
        values.forEach((name, value) -> set(b, name, value));
        return b.build();
    }

    private static Object parseValue(String name, String key, String value) {
        return switch (name) {
            case "w", "h" -> dimension(key, value);
            case "fit" -> {
                Fit fit = Fit.fromToken(value);
                if (fit == null) {
                    throw TransformException.invalid(key, value, "is not one of cover, contain, fill, inside, outside");
                }
                yield fit;
            }
            case "g" -> {
                Gravity g = Gravity.fromToken(value);
                if (g == null) {
                    throw TransformException.invalid(key, value, "is not one of centre, north, northeast, east, "
                            + "southeast, south, southwest, west, northwest");
                }
                yield g;
            }
            case "dpr" -> dpr(key, value);
            case "f" -> {
                OutputFormat f = OutputFormat.fromToken(value);
                if (f == null) {
                    throw TransformException.invalid(key, value, "is not one of jpeg, png, webp, auto");
                }
                yield f;
            }
            case "q" -> quality(key, value);
            case "bg" -> colour(key, value);
            default -> throw new IllegalStateException("unmapped parameter " + name);
        };
    }

    private static void set(Transform.Builder b, String name, Object value) {
        switch (name) {
            case "w" -> b.width((Integer) value);
            case "h" -> b.height((Integer) value);
            case "fit" -> b.fit((Fit) value);
            case "g" -> b.gravity((Gravity) value);
            case "dpr" -> b.dpr((Double) value);
            case "f" -> b.format((OutputFormat) value);
            case "q" -> b.quality((Integer) value);
            case "bg" -> b.background((Rgba) value);
            default -> throw new IllegalStateException("unmapped parameter " + name);
        }
    }

    static int dimension(String key, String value) {
        int v = DIMENSION.matcher(value).matches() ? Integer.parseInt(value) : -1;
        if (v < 1 || v > Transform.MAX_DIMENSION) {
            throw TransformException.invalid(key, value, "is not a whole number from 1 to " + Transform.MAX_DIMENSION);
        }
        return v;
    }

    static int quality(String key, String value) {
        int v = QUALITY.matcher(value).matches() ? Integer.parseInt(value) : -1;
        if (v < 1 || v > 100) {
            throw TransformException.invalid(key, value, "is not a whole number from 1 to 100");
        }
        return v;
    }

    static double dpr(String key, String value) {
        double v = DPR.matcher(value).matches() ? Double.parseDouble(value) : -1;
        if (v < 1 || v > 4) {
            throw TransformException.invalid(key, value, "is not a number from 1 to 4 with at most two decimals");
        }
        return v;
    }

    static Rgba colour(String key, String value) {
        try {
            return Rgba.parse(value);
        } catch (IllegalArgumentException e) {
            throw TransformException.invalid(key, value, "is not a hex colour rgb, rrggbb or rrggbbaa");
        }
    }

    private static String decode(String s) {
        try {
            return URLDecoder.decode(s, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw TransformException.invalid("query", s, "has a malformed %-escape");
        }
    }
}
