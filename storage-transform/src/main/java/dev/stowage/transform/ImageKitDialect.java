package dev.stowage.transform;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/** Parser of the ImageKit dialect {@code tr:w-300,h-300,c-at_max} and its {@code ?tr=w-300,h-300} form. */
final class ImageKitDialect {
    private static final Map<String, Fit> CROPS = Map.of(
            "maintain_ratio", Fit.COVER,
            "force", Fit.FILL,
            "at_max", Fit.INSIDE,
            "at_max_enlarge", Fit.INSIDE,
            "at_least", Fit.OUTSIDE);
    private static final Map<String, Gravity> FOCUS = Map.of(
            "center", Gravity.CENTRE,
            "top", Gravity.NORTH,
            "bottom", Gravity.SOUTH,
            "left", Gravity.WEST,
            "right", Gravity.EAST,
            "top_left", Gravity.NORTHWEST,
            "top_right", Gravity.NORTHEAST,
            "bottom_left", Gravity.SOUTHWEST,
            "bottom_right", Gravity.SOUTHEAST);
    private static final String KNOWN = "w, h, c, cm, fo, q, f, bg, dpr";

    private ImageKitDialect() {
    }

    static Transform parse(String spec) {
        String s = spec == null ? "" : spec.trim();
        if (s.contains("%")) {
            try {
                s = URLDecoder.decode(s, StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw TransformException.invalid("tr", spec, "has a malformed %-escape");
            }
        }
        for (String prefix : new String[] {"?tr=", "tr=", "tr:"}) {
            if (s.startsWith(prefix)) {
                s = s.substring(prefix.length());
                break;
            }
        }
        if (s.indexOf(':') >= 0) {
            throw TransformException.invalid("tr", spec,
                    "chains transformation steps with ':'; only a single step is supported");
        }
        Transform.Builder b = Transform.builder();
        Set<String> seen = new HashSet<>();
        for (String piece : s.split(",")) {
            if (piece.isEmpty()) {
                continue;
            }
            int dash = piece.indexOf('-');
            String key = dash < 0 ? piece : piece.substring(0, dash);
            String value = dash < 0 ? "" : piece.substring(dash + 1);
            if (value.isEmpty()) {
                throw TransformException.invalid(key, value, "has no value (expected key-value, e.g. w-300)");
            }
            if (!seen.add(key)) {
                throw TransformException.invalid(key, value, "is given more than once");
            }
            apply(b, key, value);
        }
        if (seen.contains("c") && seen.contains("cm")) {
            throw TransformException.invalid("cm", s, "contradicts c: give a crop strategy (c) or a crop mode (cm)");
        }
        return b.build();
    }

    private static void apply(Transform.Builder b, String key, String value) {
        switch (key) {
            case "w" -> b.width(dimension(key, value));
            case "h" -> b.height(dimension(key, value));
            case "c" -> {
                Fit fit = CROPS.get(value);
                if (fit == null) {
                    throw TransformException.invalid(key, value,
                            "is not one of maintain_ratio, force, at_max, at_max_enlarge, at_least");
                }
                b.fit(fit);
            }
            case "cm" -> {
                if (!value.equals("pad_resize")) {
                    throw TransformException.invalid(key, value, "is not supported; the crop mode may be pad_resize");
                }
                b.fit(Fit.CONTAIN);
            }
            case "fo" -> {
                Gravity g = FOCUS.get(value);
                if (g == null) {
                    throw TransformException.invalid(key, value, "is not one of center, top, bottom, left, right, "
                            + "top_left, top_right, bottom_left, bottom_right");
                }
                b.gravity(g);
            }
            case "q" -> b.quality(QueryDialect.quality(key, value));
            case "f" -> {
                OutputFormat f = OutputFormat.fromToken(value);
                if (f == null) {
                    throw TransformException.invalid(key, value, "is not one of auto, webp, jpg, jpeg, png");
                }
                b.format(f);
            }
            case "bg" -> b.background(QueryDialect.colour(key, value));
            case "dpr" -> b.dpr(QueryDialect.dpr(key, value));
            default -> throw TransformException.invalid(key, value, "is not a known parameter; known: " + KNOWN);
        }
    }

    private static int dimension(String key, String value) {
        if (!QueryDialect.DIMENSION.matcher(value).matches()) {
            throw TransformException.invalid(key, value, "is not a whole number from 1 to " + Transform.MAX_DIMENSION
                    + " (fractions and expressions are not supported)");
        }
        return QueryDialect.dimension(key, value);
    }
}
