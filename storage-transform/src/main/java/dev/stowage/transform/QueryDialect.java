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
            Map.entry("bg", "bg"), Map.entry("background", "bg"),
            Map.entry("crop", "crop"),
            Map.entry("rotate", "rotate"), Map.entry("rot", "rotate"),
            Map.entry("flip", "flip"),
            Map.entry("blur", "blur"),
            Map.entry("sharpen", "sharpen"),
            Map.entry("gray", "gray"), Map.entry("grayscale", "gray"), Map.entry("greyscale", "gray"),
            Map.entry("progressive", "progressive"));
    private static final String KNOWN = "w, h, fit, g, dpr, f, q, bg, crop, rotate, flip, blur, sharpen, gray, "
            + "progressive (or width, height, gravity, format, quality, background, rot, grayscale)";
    static final Pattern NUMBER = Pattern.compile("[0-9]{1,3}(\\.[0-9]{1,2})?");
    static final Pattern REGION = Pattern.compile("([0-9]{1,6}),([0-9]{1,6}),([0-9]{1,6}),([0-9]{1,6})");

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
                            + "southeast, south, southwest, west, northwest, attention, entropy");
                }
                yield g;
            }
            case "dpr" -> dpr(key, value);
            case "f" -> {
                OutputFormat f = OutputFormat.fromToken(value);
                if (f == null) {
                    throw TransformException.invalid(key, value, "is not one of jpeg, png, webp, avif, auto");
                }
                yield f;
            }
            case "q" -> quality(key, value);
            case "bg" -> colour(key, value);
            case "crop" -> region(key, value);
            case "rotate" -> rotation(key, value);
            case "flip" -> {
                Flip f = Flip.fromToken(value);
                if (f == null) {
                    throw TransformException.invalid(key, value, "is not one of h, v, hv");
                }
                yield f;
            }
            case "blur" -> sigma(key, value, 0.3, 100);
            case "sharpen" -> sigma(key, value, 0.3, 10);
            case "gray", "progressive" -> flag(key, value);
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
            case "crop" -> b.crop((Region) value);
            case "rotate" -> b.rotate((Integer) value);
            case "flip" -> b.flip((Flip) value);
            case "blur" -> b.blur((Double) value);
            case "sharpen" -> b.sharpen((Double) value);
            case "gray" -> b.grayscale((Boolean) value);
            case "progressive" -> b.progressive((Boolean) value);
            default -> throw new IllegalStateException("unmapped parameter " + name);
        }
    }

    static Region region(String key, String value) {
        java.util.regex.Matcher m = REGION.matcher(value);
        if (!m.matches()) {
            throw TransformException.invalid(key, value, "is not a region x,y,w,h in source pixels, e.g. 10,20,300,200");
        }
        try {
            return new Region(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)),
                    Integer.parseInt(m.group(3)), Integer.parseInt(m.group(4)));
        } catch (TransformException e) {
            throw TransformException.invalid(key, value, "is not a region with x, y ≥ 0 and w, h from 1 to "
                    + Transform.MAX_DIMENSION * 4);
        }
    }

    static int rotation(String key, String value) {
        return switch (value) {
            case "0", "360" -> 0;
            case "90" -> 90;
            case "180" -> 180;
            case "270" -> 270;
            default -> throw TransformException.invalid(key, value, "is not one of 0, 90, 180, 270");
        };
    }

    static double sigma(String key, String value, double min, double max) {
        double v = NUMBER.matcher(value).matches() ? Double.parseDouble(value) : -1;
        if (v < min || v > max) {
            throw TransformException.invalid(key, value, "is not a sigma from " + min + " to " + (int) max
                    + " with at most two decimals");
        }
        return v;
    }

    static boolean flag(String key, String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "1", "true" -> true;
            case "0", "false" -> false;
            default -> throw TransformException.invalid(key, value, "is not one of 1, true, 0, false");
        };
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
