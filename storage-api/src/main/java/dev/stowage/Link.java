package dev.stowage;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A link to an object as Supervisely and most tools write one: {@code provider://bucket/key}, e.g.
 * {@code s3://my-bucket/cars/truck.jpg}, {@code azure://container/blob}, {@code google://bucket/object} or
 * {@code fs://storage-id/path}. It names no credentials; {@link StoreRegistry#locate(String)} finds the configured
 * store holding it. {@code google} is read as {@code gs}.
 *
 * <p>The only query parameter a link may carry for resolution is {@code endpoint}, which picks between stores that
 * share a bucket name on different servers: {@code s3://photos/a.jpg?endpoint=https://minio.example.com:9000}.
 *
 * @param text     the link as written, for messages (values of secret options such as {@code secretKey} masked)
 * @param scheme   the provider scheme, lower-case, with aliases applied ({@code google} becomes {@code gs})
 * @param bucket   the bucket, container or storage id ("" when absent)
 * @param path     the decoded path after the bucket, without the leading '/': a key, a folder ending in '/', or ""
 * @param options  the query parameters, decoded; a user or port in the authority appears as {@code user} (its value
 *                 masked) or {@code port}
 */
public record Link(String text, String scheme, String bucket, String path, Map<String, String> options) {
    private static final Pattern FORM = Pattern.compile("^([A-Za-z][A-Za-z0-9+.-]*)://([^/?]*)([^?]*)(?:\\?(.*))?$",
            Pattern.DOTALL);

    private static final Pattern PORT = Pattern.compile("^(.*):(\\d+)$");

    public Link {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(scheme, "scheme");
        bucket = bucket == null ? "" : bucket;
        path = path == null ? "" : path;
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
    }

    /**
     * Parses a link.
     *
     * @throws IllegalArgumentException naming the link and what is wrong with it
     */
    public static Link parse(String text) {
        Objects.requireNonNull(text, "link");
        String s = text.strip();
        Matcher m = FORM.matcher(s);
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a link; write provider://bucket/key, e.g. "
                    + "s3://my-bucket/cars/truck.jpg");
        }
        String scheme = canonicalScheme(m.group(1));
        String authority = m.group(2);
        Map<String, String> options = new LinkedHashMap<>();
        // a user or port in the authority (sftp://user@host:2222/...) says how to connect: that is a store URI,
        // which hasStoreOptions() reports, never a link to resolve against configured credentials
        int at = authority.lastIndexOf('@');
        if (at >= 0) {
            options.put("user", "****");
            authority = authority.substring(at + 1);
        }
        Matcher port = PORT.matcher(authority);
        if (port.matches()) {
            options.put("port", port.group(2));
            authority = port.group(1);
        }
        String bucket = decode(text, authority);
        String path = decode(text, m.group(3).replaceFirst("^/+", ""));
        if (m.group(4) != null) {
            for (String pair : m.group(4).split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(text, eq >= 0 ? pair.substring(0, eq) : pair);
                options.put(key, eq >= 0 ? decode(text, pair.substring(eq + 1)) : "true");
            }
        }
        String shown = masked(s, m.group(4)).replaceFirst("^([^:]+://[^/@:]*):[^/@]*@", "$1:****@");
        return new Link(shown, scheme, bucket, path, options);
    }

    /** The link text with the values of secret query options replaced by {@code ****}. */
    private static String masked(String text, String query) {
        if (query == null || query.isEmpty()) {
            return text;
        }
        StringBuilder q = new StringBuilder();
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq >= 0 ? pair.substring(0, eq) : pair;
            boolean secret = eq >= 0 && StoreConfig.isSecretOption(key);
            q.append(q.length() == 0 ? "" : "&").append(secret ? key + "=****" : pair);
        }
        return text.substring(0, text.length() - query.length()) + q;
    }

    /** The scheme Stowage's drivers use for a provider name as links write it: {@code google} is {@code gs}. */
    public static String canonicalScheme(String scheme) {
        String s = scheme.toLowerCase(Locale.ROOT);
        return s.equals("google") ? "gs" : s;
    }

    /** The {@code endpoint} this link asks for, or {@code null}. */
    public String endpoint() {
        return options.get("endpoint");
    }

    /** Whether the link carries options other than {@code endpoint}: then it is a store URI, not a link. */
    public boolean hasStoreOptions() {
        return options.keySet().stream().anyMatch(k -> !k.equals("endpoint"));
    }

    private static String decode(String link, String s) {
        try {
            return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("link '" + link + "' has a '%' that starts no escape; write a literal "
                    + "'%' as %25", e);
        }
    }

    @Override
    public String toString() {
        return text;
    }
}
