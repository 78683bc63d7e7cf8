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
    private static final Map<String, Gravity> FOCUS = Map.ofEntries(
            Map.entry("auto", Gravity.ATTENTION),
            Map.entry("center", Gravity.CENTRE),
            Map.entry("top", Gravity.NORTH),
            Map.entry("bottom", Gravity.SOUTH),
            Map.entry("left", Gravity.WEST),
            Map.entry("right", Gravity.EAST),
            Map.entry("top_left", Gravity.NORTHWEST),
            Map.entry("top_right", Gravity.NORTHEAST),
            Map.entry("bottom_left", Gravity.SOUTHWEST),
            Map.entry("bottom_right", Gravity.SOUTHEAST));
    private static final String KNOWN = "w, h, c, cm, fo, q, f, bg, dpr, x, y, rt, fl, bl, e-sharpen, e-grayscale, pr";

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
        java.util.Map<String, Integer> extract = new java.util.HashMap<>();
        boolean extractMode = false;
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
            // Effects share the key "e": e-sharpen and e-grayscale may both be given, each once.
            String seenAs = key.equals("e") ? "e-" + value.replaceFirst("-.*", "") : key;
            if (!seen.add(seenAs)) {
                throw TransformException.invalid(seenAs, value, "is given more than once");
            }
            if (key.equals("cm") && value.equals("extract")) {
                extractMode = true;
                continue;
            }
            if (key.equals("x") || key.equals("y")) {
                extract.put(key, offset(key, value));
                continue;
            }
            apply(b, key, value);
        }
        if (seen.contains("c") && seen.contains("cm")) {
            throw TransformException.invalid("cm", s, "contradicts c: give a crop strategy (c) or a crop mode (cm)");
        }
        if (extractMode) {
            extract(b, extract, seen);
        } else if (!extract.isEmpty()) {
            throw TransformException.invalid(extract.containsKey("x") ? "x" : "y", s, "is only meaningful with cm-extract");
        }
        try {
            return b.build();
        } catch (TransformException e) {
            if (e.parameter().orElse("").equals("g")) {
                // name the parameter as this dialect spells it
                throw TransformException.invalid("fo", "auto", "is a smart crop, which needs both w- and h- and the "
                        + "default crop (c-maintain_ratio)");
            }
            throw e;
        }
    }

    /**
     * {@code cm-extract,x-X,y-Y,w-W,h-H}: the W×H region at (X, Y) of the source, not resized. ImageKit also
     * places the region by a focus; here the offsets are required, so nothing is guessed.
     */
    private static void extract(Transform.Builder b, java.util.Map<String, Integer> xy, Set<String> seen) {
        Transform probe = b.build();
        if (!xy.containsKey("x") || !xy.containsKey("y") || probe.width() == 0 || probe.height() == 0) {
            throw TransformException.invalid("cm", "extract", "needs x-, y-, w- and h- (the region's offsets and "
                    + "size in source pixels)");
        }
        if (seen.contains("fo") || seen.contains("dpr")) {
            throw TransformException.invalid(seen.contains("fo") ? "fo" : "dpr", "extract",
                    "contradicts cm-extract with x- and y-");
        }
        b.crop(new Region(xy.get("x"), xy.get("y"), probe.width(), probe.height())).width(0).height(0);
    }

    private static int offset(String key, String value) {
        if (!QueryDialect.DIMENSION.matcher(value).matches()) {
            throw TransformException.invalid(key, value, "is not a whole number of source pixels from 0");
        }
        return Integer.parseInt(value);
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
                    throw TransformException.invalid(key, value, "is not one of auto, center, top, bottom, left, "
                            + "right, top_left, top_right, bottom_left, bottom_right");
                }
                b.gravity(g);
            }
            case "q" -> b.quality(QueryDialect.quality(key, value));
            case "f" -> {
                OutputFormat f = OutputFormat.fromToken(value);
                if (f == null) {
                    throw TransformException.invalid(key, value, "is not one of auto, avif, webp, jpg, jpeg, png");
                }
                b.format(f);
            }
            case "bg" -> b.background(QueryDialect.colour(key, value));
            case "dpr" -> b.dpr(QueryDialect.dpr(key, value));
            case "rt" -> b.rotate(value.equals("auto") ? 0 : QueryDialect.rotation(key, value));
            case "fl" -> {
                Flip f = Flip.fromToken(value);
                if (f == null) {
                    throw TransformException.invalid(key, value, "is not one of h, v, h_v");
                }
                b.flip(f);
            }
            // ImageKit's blur is a radius from 1 to 100; a Gaussian reaches about two sigmas.
            case "bl" -> b.blur(Math.max(0.5, QueryDialect.sigma(key, value, 1, 100) / 2));
            case "pr" -> b.progressive(QueryDialect.flag(key, value));
            case "e" -> effect(b, value);
            default -> throw TransformException.invalid(key, value, "is not a known parameter; known: " + KNOWN);
        }
    }

    private static void effect(Transform.Builder b, String value) {
        if (value.equals("grayscale")) {
            b.grayscale(true);
        } else if (value.equals("sharpen")) {
            b.sharpen(1);
        } else if (value.startsWith("sharpen-")) {
            // e-sharpen-N limits the amount; read N from 1 to 100 as a sigma of N/10.
            b.sharpen(Math.max(0.3, QueryDialect.sigma("e-sharpen", value.substring(8), 1, 100) / 10));
        } else {
            throw TransformException.invalid("e", value, "is not a supported effect; supported: e-sharpen, "
                    + "e-sharpen-N, e-grayscale");
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
