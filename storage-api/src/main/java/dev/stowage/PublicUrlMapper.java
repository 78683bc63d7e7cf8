package dev.stowage;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Objects;

/**
 * Turns a key into the URL a browser fetches it from: a base (a Storage URL, a CNAME host or a CDN prefix)
 * followed by the key with each path segment percent-encoded. Mapping never fetches anything.
 */
public final class PublicUrlMapper {
    private final String base;

    private PublicUrlMapper(String base) {
        this.base = base;
    }

    /**
     * A mapper for a base URL such as {@code https://cdn.example.com/images/} (a trailing slash is added if
     * missing).
     *
     * @throws IllegalArgumentException when the base is not an absolute http or https URL
     */
    public static PublicUrlMapper of(String baseUrl) {
        Objects.requireNonNull(baseUrl, "baseUrl");
        URI uri;
        try {
            uri = URI.create(baseUrl.strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("public URL base '" + baseUrl + "' is not a valid URL", e);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw new IllegalArgumentException("public URL base '" + baseUrl
                    + "' must be an absolute http(s) URL such as https://cdn.example.com/");
        }
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("public URL base '" + baseUrl + "' must not have a query or fragment");
        }
        String s = uri.toString();
        return new PublicUrlMapper(s.endsWith("/") ? s : s + "/");
    }

    /** A CNAME: {@code https://host/}. */
    public static PublicUrlMapper cname(String host) {
        return of("https://" + host + "/");
    }

    /** A CDN prefix, such as {@code https://d111111abcdef8.cloudfront.net/photos}. */
    public static PublicUrlMapper cdn(String prefix) {
        return of(prefix);
    }

    /**
     * The Storage URL of a bucket on an S3-style endpoint: path-style ({@code https://endpoint/bucket/}) or
     * virtual-hosted ({@code https://bucket.endpoint/}).
     */
    public static PublicUrlMapper storageUrl(URI endpoint, String bucket, boolean pathStyle) {
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(bucket, "bucket");
        String scheme = endpoint.getScheme() == null ? "https" : endpoint.getScheme();
        String host = endpoint.getHost();
        if (host == null) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' has no host");
        }
        String port = endpoint.getPort() >= 0 ? ":" + endpoint.getPort() : "";
        String basePath = endpoint.getRawPath() == null ? "" : endpoint.getRawPath();
        if (basePath.endsWith("/")) {
            basePath = basePath.substring(0, basePath.length() - 1);
        }
        if (pathStyle) {
            return of(scheme + "://" + host + port + basePath + "/" + encodeSegment(bucket) + "/");
        }
        return of(scheme + "://" + bucket + "." + host + port + basePath + "/");
    }

    /** The base every URL starts with, ending in '/'. */
    public String base() {
        return base;
    }

    /** The public URL of a key. */
    public URI map(String key) {
        Keys.validate(key);
        return URI.create(base + encodePath(key));
    }

    /**
     * Percent-encodes each '/'-separated segment of a key (RFC 3986: everything but unreserved characters),
     * keeping the slashes.
     */
    public static String encodePath(String key) {
        StringBuilder sb = new StringBuilder(key.length() + 16);
        int start = 0;
        while (true) {
            int slash = key.indexOf('/', start);
            sb.append(encodeSegment(slash < 0 ? key.substring(start) : key.substring(start, slash)));
            if (slash < 0) {
                return sb.toString();
            }
            sb.append('/');
            start = slash + 1;
        }
    }

    /** Percent-encodes one path segment: every byte but A–Z a–z 0–9 - . _ ~. */
    public static String encodeSegment(String segment) {
        byte[] bytes = segment.getBytes(StandardCharsets.UTF_8);
        StringBuilder sb = new StringBuilder(bytes.length + 8);
        for (byte b : bytes) {
            int c = b & 0xff;
            boolean unreserved = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~';
            if (unreserved) {
                sb.append((char) c);
            } else {
                sb.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
            }
        }
        return sb.toString();
    }

    @Override
    public String toString() {
        return "PublicUrlMapper[" + base + "]";
    }
}
