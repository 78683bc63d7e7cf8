package dev.stowage.gateway.internal;

import dev.stowage.Keys;
import dev.stowage.transform.Transform;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * One image request, parsed from the raw (still percent-encoded) path and query of any of the three URL forms:
 * {@code /v1/ex/{store}/{key}?w=800&h=600}, {@code /{store}/tr:w-300,h-300/{key}} and
 * {@code /{store}/{key}?tr=w-300,h-300}.
 *
 * @param source    the original: store name and key (decoded and validated by {@link Keys#validate})
 * @param transform the transform, or {@code null} to serve the original bytes
 * @param unsigned  the raw path and query without the signature parameter: what a signature signs
 * @param signature the {@code s} parameter, or {@code null}
 * @param expires   the {@code exp} parameter (epoch seconds after which a signed URL is refused), or {@code null}
 */
public record ImageRequest(SourceRef source, Transform transform, String unsigned, String signature, Long expires) {
    private static final String EX = "/v1/ex/";
    /** The query parameter that carries a signed URL's expiry, in epoch seconds; it is part of what is signed. */
    public static final String EXPIRES = "exp";
    /** The query parameter that carries the signature. */
    public static final String SIGNATURE = "s";

    /**
     * Parses a request path and query.
     *
     * @throws HttpProblem 400 naming what is wrong (a parameter, a path segment, the key)
     * @throws dev.stowage.transform.TransformException for bad transform parameters
     */
    public static ImageRequest parse(String rawPath, String rawQuery) {
        return parse(rawPath, rawQuery, name -> false);
    }

    /**
     * Parses a request path and query where store names may hold {@code /}: the store is the longest run of leading
     * path segments that {@code isStore} accepts (one segment when none does), so {@code /account/bucket/a.jpg}
     * reaches the store {@code account/bucket}; {@code /account%2Fbucket/a.jpg} reaches it too.
     *
     * @throws HttpProblem 400 naming what is wrong (a parameter, a path segment, the key)
     * @throws dev.stowage.transform.TransformException for bad transform parameters
     */
    public static ImageRequest parse(String rawPath, String rawQuery, java.util.function.Predicate<String> isStore) {
        List<String> rest = new ArrayList<>();
        List<String> transformParams = new ArrayList<>();
        String signature = null;
        String tr = null;
        Long expires = null;
        if (rawQuery != null && !rawQuery.isEmpty()) {
            for (String piece : rawQuery.split("&")) {
                if (piece.isEmpty()) {
                    continue;
                }
                int eq = piece.indexOf('=');
                String name = decode(eq < 0 ? piece : piece.substring(0, eq), "query parameter name");
                String value = eq < 0 ? "" : piece.substring(eq + 1);
                if (name.equals(SIGNATURE)) {
                    if (signature != null) {
                        throw HttpProblem.badRequest("parameter 's' (signature) is given more than once");
                    }
                    signature = value;
                    continue;
                }
                rest.add(piece);
                if (name.equals(EXPIRES)) {
                    if (expires != null) {
                        throw HttpProblem.badRequest("parameter 'exp' (expiry) is given more than once");
                    }
                    try {
                        expires = Long.parseLong(value);
                    } catch (NumberFormatException e) {
                        throw HttpProblem.badRequest("parameter 'exp' must be a time in epoch seconds, e.g. exp="
                                + (System.currentTimeMillis() / 1000 + 3600));
                    }
                    continue;
                }
                if (name.equals("tr") && !rawPath.startsWith(EX)) {
                    if (tr != null) {
                        throw HttpProblem.badRequest("parameter 'tr' is given more than once");
                    }
                    tr = decode(value, "parameter 'tr'");
                }
                transformParams.add(piece);
            }
        }
        String query = String.join("&", rest);
        String unsigned = query.isEmpty() ? rawPath : rawPath + "?" + query;

        if (rawPath.startsWith(EX)) {
            List<String> segments = segments(rawPath.substring(EX.length()));
            int storeEnd = storeEnd(segments, isStore);
            String store = String.join("/", segments.subList(0, storeEnd));
            String key = key(segments, storeEnd);
            String transformQuery = String.join("&", transformParams);
            Transform t = transformQuery.isEmpty() ? null : Transform.parseQuery(transformQuery);
            return new ImageRequest(new SourceRef(store, key), t, unsigned, signature, expires);
        }
        List<String> segments = segments(rawPath.substring(1));
        int storeEnd = storeEnd(segments, isStore);
        String store = String.join("/", segments.subList(0, storeEnd));
        Transform t = null;
        int keyStart = storeEnd;
        if (segments.size() > storeEnd && segments.get(storeEnd).startsWith("tr:")) {
            t = Transform.parseImageKit(segments.get(storeEnd));
            keyStart = storeEnd + 1;
        }
        for (String piece : transformParams) {
            String name = decode(piece.indexOf('=') < 0 ? piece : piece.substring(0, piece.indexOf('=')), "name");
            if (!name.equals("tr")) {
                throw HttpProblem.badRequest("unknown parameter '" + shorten(name) + "': this URL form takes only "
                        + "'tr' (e.g. ?tr=w-300,h-300), 'exp' and 's'; use /v1/ex/{store}/{path}?w=... for the query dialect");
            }
        }
        if (tr != null) {
            if (t != null) {
                throw HttpProblem.badRequest("parameter 'tr' repeats the transform already given in the path");
            }
            t = Transform.parseImageKit(tr);
        }
        return new ImageRequest(new SourceRef(store, key(segments, keyStart)), t, unsigned, signature, expires);
    }

    /** How many leading segments name the store: the longest run {@code isStore} accepts that leaves a key, else 1. */
    private static int storeEnd(List<String> segments, java.util.function.Predicate<String> isStore) {
        StringBuilder name = new StringBuilder(segments.get(0));
        int found = 1;
        for (int i = 1; i < segments.size() - 1; i++) {
            name.append('/').append(segments.get(i));
            if (isStore.test(name.toString())) {
                found = i + 1;
            }
        }
        return found;
    }

    private static List<String> segments(String rawPath) {
        List<String> out = new ArrayList<>();
        for (String raw : rawPath.split("/", -1)) {
            String s = decode(raw, "path segment");
            if (s.equals(".") || s.equals("..")) {
                throw HttpProblem.badRequest("invalid path: '" + s + "' segments are not allowed");
            }
            out.add(s);
        }
        if (out.get(0).isEmpty()) {
            throw HttpProblem.badRequest("invalid path: it must start with a store name");
        }
        return out;
    }

    private static String key(List<String> segments, int from) {
        if (segments.size() <= from || (segments.size() == from + 1 && segments.get(from).isEmpty())) {
            throw HttpProblem.badRequest("invalid path: no object key after the store name");
        }
        return Keys.validate(String.join("/", segments.subList(from, segments.size())));
    }

    /** Strict percent-decoding of a path segment or parameter: '+' stays '+', malformed escapes are refused. */
    static String decode(String raw, String what) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || Character.digit(raw.charAt(i + 1), 16) < 0
                        || Character.digit(raw.charAt(i + 2), 16) < 0) {
                    throw HttpProblem.badRequest("invalid " + what + ": malformed %-escape");
                }
                bytes.write(Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
                i += 2;
            } else {
                byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(b, 0, b.length);
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw HttpProblem.badRequest("invalid " + what + ": %-escapes are not UTF-8");
        }
    }

    private static String shorten(String s) {
        return s.length() <= 40 ? s : s.substring(0, 40) + "...";
    }
}
