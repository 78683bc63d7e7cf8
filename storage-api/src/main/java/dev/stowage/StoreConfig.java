package dev.stowage;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * The configuration of one store, from a URI ({@code s3://bucket/folder?region=eu-west-1}) or from an entry of a
 * named-store file. Every option has one name, the same in a URI query and in the file.
 * {@link #toString()} never shows a secret.
 *
 * @param name    the store's name (its configured name, or its URI without secrets)
 * @param scheme  the provider scheme, lower-case ({@code s3}, {@code file}, ...)
 * @param host    the URI authority's host: a bucket, an account or a server ("" when absent)
 * @param port    the port, or -1
 * @param user    the user name from the URI, or {@code null}
 * @param path    the decoded URI path as written (may start with '/'), "" when absent
 * @param options every other setting, secrets already resolved
 */
public record StoreConfig(String name, String scheme, String host, int port, String user, String path,
                          Map<String, String> options) {

    /** Option names every store accepts; the portable layer applies them. */
    public static final Set<String> COMMON_OPTIONS = Set.of("publicUrlBase", "readOnly", "verifyReads", "deadline");

    public StoreConfig {
        Objects.requireNonNull(scheme, "scheme");
        scheme = scheme.toLowerCase(Locale.ROOT);
        host = host == null ? "" : host;
        path = path == null ? "" : path;
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options == null ? Map.of() : options));
        if (name == null || name.isBlank()) {
            name = display(scheme, host, port, user, path);
        }
    }

    /**
     * Parses a store URI. The query holds options; a password in the user-info part becomes the
     * {@code password} option. {@code ${env:NAME}} and {@code ${file:/path}} references in option values are resolved.
     *
     * @throws IllegalArgumentException naming what is wrong with the URI
     */
    public static StoreConfig parse(String uri) {
        return parse(uri, true);
    }

    /** Parses a store URI, resolving secret references now or leaving them for {@link #resolveSecrets()}. */
    static StoreConfig parse(String uri, boolean resolveSecrets) {
        Objects.requireNonNull(uri, "uri");
        URI parsed;
        try {
            // ${env:NAME} references are allowed in option values; braces are not legal URI characters
            parsed = new URI(uri.strip().replace("{", "%7B").replace("}", "%7D"));
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("invalid store URI '" + redactUserInfo(uri) + "': " + e.getReason()
                    + " at index " + e.getIndex() + " (percent-encode spaces and special characters)", e);
        }
        if (parsed.getScheme() == null) {
            throw new IllegalArgumentException("invalid store URI '" + redactUserInfo(uri)
                    + "': it has no scheme; write it as scheme://bucket/folder, e.g. file:///srv/data or s3://my-bucket");
        }
        Map<String, String> options = new LinkedHashMap<>();
        String user = null;
        String host;
        int port;
        String path;
        String query;
        if (parsed.isOpaque()) {
            // file:relative/path — no authority, the whole scheme-specific part is a path
            String ssp = parsed.getRawSchemeSpecificPart();
            int q = ssp.indexOf('?');
            query = q >= 0 ? ssp.substring(q + 1) : null;
            path = decode(q >= 0 ? ssp.substring(0, q) : ssp);
            host = "";
            port = -1;
        } else {
            String userInfo = parsed.getRawUserInfo();
            if (userInfo != null) {
                int colon = userInfo.indexOf(':');
                user = decode(colon >= 0 ? userInfo.substring(0, colon) : userInfo);
                if (colon >= 0) {
                    options.put("password", decode(userInfo.substring(colon + 1)));
                }
            }
            host = parsed.getHost() != null ? parsed.getHost() : authorityHost(parsed.getRawAuthority());
            port = parsed.getPort();
            path = parsed.getPath() == null ? "" : parsed.getPath();
            query = parsed.getRawQuery();
        }
        if (query != null && !query.isEmpty()) {
            for (String pair : query.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String key = decode(eq >= 0 ? pair.substring(0, eq) : pair);
                String value = eq >= 0 ? decode(pair.substring(eq + 1)) : "true";
                if (options.putIfAbsent(key, value) != null) {
                    throw new IllegalArgumentException("invalid store URI '" + redactUserInfo(uri)
                            + "': option '" + key + "' is given twice");
                }
            }
        }
        StoreConfig config = new StoreConfig(null, parsed.getScheme(), host, port, user, path, options);
        return resolveSecrets ? config.resolveSecrets() : config;
    }

    private static String authorityHost(String rawAuthority) {
        if (rawAuthority == null) {
            return "";
        }
        // Bucket names with underscores are not valid host names; java.net.URI then reports no host.
        String a = rawAuthority;
        int at = a.lastIndexOf('@');
        if (at >= 0) {
            a = a.substring(at + 1);
        }
        int colon = a.lastIndexOf(':');
        if (colon >= 0 && a.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            a = a.substring(0, colon);
        }
        return decode(a);
    }

    private static String decode(String s) {
        return URLDecoder.decode(s.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    /**
     * Returns a copy whose {@code ${env:NAME}} and {@code ${file:/path}} references are replaced by their values.
     *
     * @throws IllegalArgumentException naming the option and the variable or file that is missing
     */
    public StoreConfig resolveSecrets() {
        Map<String, String> resolved = new LinkedHashMap<>(options);
        resolved.replaceAll((k, v) -> SecretReferences.resolve(v, k));
        return resolved.equals(options) ? this : new StoreConfig(name, scheme, host, port, user, path, resolved);
    }

    /** Returns a copy with another name. */
    public StoreConfig withName(String newName) {
        return new StoreConfig(newName, scheme, host, port, user, path, options);
    }

    /** Returns a copy with an option set (or replaced). */
    public StoreConfig withOption(String key, String value) {
        Map<String, String> copy = new LinkedHashMap<>(options);
        copy.put(key, value);
        return new StoreConfig(name, scheme, host, port, user, path, copy);
    }

    /** The path without leading and trailing slashes: a folder inside a bucket, or "". */
    public String folder() {
        String p = path;
        while (p.startsWith("/")) {
            p = p.substring(1);
        }
        while (p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    public Optional<String> option(String key) {
        return Optional.ofNullable(options.get(key));
    }

    public String option(String key, String defaultValue) {
        return options.getOrDefault(key, defaultValue);
    }

    /** A required option, or a MISCONFIGURED failure saying how to set it. */
    public String requireOption(String key, String whatItIs) {
        String v = options.get(key);
        if (v == null || v.isBlank()) {
            throw misconfigured("option '" + key + "' (" + whatItIs + ") is required; add ?" + key
                    + "=... to the URI or '" + key + ":' to the store's entry in the config file");
        }
        return v;
    }

    public boolean booleanOption(String key, boolean defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        return switch (v.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "1", "on" -> true;
            case "false", "no", "0", "off" -> false;
            default -> throw misconfigured("option '" + key + "' must be true or false, was '" + shown(key, v) + "'");
        };
    }

    public int intOption(String key, int defaultValue, int min, int max) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            int i = Integer.parseInt(v.strip());
            if (i < min || i > max) {
                throw misconfigured("option '" + key + "' must be between " + min + " and " + max + ", was " + i);
            }
            return i;
        } catch (NumberFormatException e) {
            throw misconfigured("option '" + key + "' must be a whole number, was '" + shown(key, v) + "'");
        }
    }

    /**
     * How many times a driver's SDK sends a failing request: the {@code maxAttempts} option, or the older
     * {@code maxRetries} (retries after the first attempt, so {@code maxRetries=3} is {@code maxAttempts=4}), which
     * is still accepted; giving both is refused.
     *
     * @param defaultAttempts the attempts when neither is given
     * @param maxAttempts     the most attempts accepted
     */
    public int attemptsOption(int defaultAttempts, int maxAttempts) {
        boolean retries = options.containsKey("maxRetries");
        if (retries && options.containsKey("maxAttempts")) {
            throw misconfigured("give either maxAttempts or maxRetries (its older name: maxRetries=N is "
                    + "maxAttempts=N+1), not both");
        }
        return retries ? intOption("maxRetries", defaultAttempts - 1, 0, maxAttempts - 1) + 1
                : intOption("maxAttempts", defaultAttempts, 1, maxAttempts);
    }

    /**
     * A size option in bytes: a whole number of bytes, or a number with a binary unit, {@code 512KiB}, {@code 8MiB},
     * {@code 1GiB} ({@code K}, {@code M}, {@code G}, {@code KB}, {@code MB} and {@code GB} read as the same powers of
     * 1024).
     */
    public long sizeOption(String key, long defaultBytes, long min, long max) {
        String v = options.get(key);
        if (v == null) {
            return defaultBytes;
        }
        long bytes;
        try {
            bytes = parseSize(v);
        } catch (IllegalArgumentException e) {
            throw misconfigured("option '" + key + "' must be a size such as 8MiB, 512KiB or a number of bytes, was '"
                    + shown(key, v) + "'");
        }
        if (bytes < min || bytes > max) {
            throw misconfigured("option '" + key + "' must be between " + formatSize(min) + " and " + formatSize(max)
                    + ", was " + v.strip());
        }
        return bytes;
    }

    /**
     * The size of the parts a large object is written in: the {@code partSize} option every driver with parts takes
     * (a size, see {@link #sizeOption}), or this driver's older name for it, still read as a whole number of
     * {@code olderUnit} bytes; giving both is refused.
     *
     * @param olderName the driver's older option (e.g. {@code partSizeMiB}), or {@code null}
     * @param olderUnit what one of its units is in bytes (1 MiB, or 1)
     */
    public long partSizeOption(String olderName, long olderUnit, long defaultBytes, long min, long max) {
        if (olderName == null || !options.containsKey(olderName)) {
            return sizeOption("partSize", defaultBytes, min, max);
        }
        if (options.containsKey("partSize")) {
            throw misconfigured("give either partSize or " + olderName + " (its older name), not both");
        }
        long unitsMin = (min + olderUnit - 1) / olderUnit;
        long unitsMax = max / olderUnit;
        return intOption(olderName, (int) Math.min(Integer.MAX_VALUE, defaultBytes / olderUnit),
                (int) Math.min(Integer.MAX_VALUE, unitsMin), (int) Math.min(Integer.MAX_VALUE, unitsMax)) * olderUnit;
    }

    /** A positive duration option that a driver used to call {@code olderName}, which is still read; not both. */
    public Duration positiveDurationOption(String key, String olderName, Duration defaultValue) {
        if (!options.containsKey(olderName)) {
            return positiveDurationOption(key, defaultValue);
        }
        if (options.containsKey(key)) {
            throw misconfigured("give either " + key + " or " + olderName + " (its older name), not both");
        }
        return positiveDurationOption(olderName, defaultValue);
    }

    /**
     * Reads a size the way every Stowage option and flag writes one: a whole number of bytes, or a number with a
     * binary unit ({@code 512KiB}, {@code 8MiB}, {@code 2g}; K, M, G and T, alone or with B or iB, in any case, are
     * powers of 1024).
     *
     * @throws IllegalArgumentException naming the text, when it is not such a size or does not fit a long
     */
    public static long parseSize(String text) {
        String t = text.strip();
        int i = 0;
        while (i < t.length() && Character.isDigit(t.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new IllegalArgumentException("not a size: " + text);
        }
        long number = Long.parseLong(t.substring(0, i));
        String unit = t.substring(i).strip().toUpperCase(Locale.ROOT);
        int shift = switch (unit) {
            case "", "B" -> 0;
            case "K", "KB", "KIB" -> 10;
            case "M", "MB", "MIB" -> 20;
            case "G", "GB", "GIB" -> 30;
            case "T", "TB", "TIB" -> 40;
            default -> throw new IllegalArgumentException("unknown size unit: " + unit);
        };
        if (number > (Long.MAX_VALUE >> shift)) {
            throw new IllegalArgumentException("size too large: " + text);
        }
        return number << shift;
    }

    /** A size as a person writes it: 8MiB, 512KiB, or bytes. */
    static String formatSize(long bytes) {
        if (bytes >= 1L << 30 && bytes % (1L << 30) == 0) {
            return (bytes >> 30) + "GiB";
        }
        if (bytes >= 1L << 20 && bytes % (1L << 20) == 0) {
            return (bytes >> 20) + "MiB";
        }
        if (bytes >= 1L << 10 && bytes % (1L << 10) == 0) {
            return (bytes >> 10) + "KiB";
        }
        return bytes + " bytes";
    }

    /** A duration option, written as {@link #parseDuration} reads it. */
    public Duration durationOption(String key, Duration defaultValue) {
        String v = options.get(key);
        if (v == null) {
            return defaultValue;
        }
        try {
            return parseDuration(v);
        } catch (IllegalArgumentException e) {
            throw misconfigured("option '" + key + "' must be a duration such as 30s, 500ms, 2m or PT30S, was '" + v + "'");
        }
    }

    /** {@link #durationOption}, refusing zero and negative durations (timeouts, intervals). */
    public Duration positiveDurationOption(String key, Duration defaultValue) {
        Duration d = durationOption(key, defaultValue);
        if (d.isZero() || d.isNegative()) {
            throw misconfigured("option '" + key + "' must be a positive duration such as 30s or 500ms, was '"
                    + options.get(key) + "'");
        }
        return d;
    }

    /**
     * Reads a duration the way every Stowage option and flag writes one: a whole number with an optional unit
     * ({@code 500ms}, {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d}; no unit means seconds) or ISO-8601
     * ({@code PT15M}).
     *
     * @throws IllegalArgumentException naming the text and the accepted forms
     */
    public static Duration parseDuration(String text) {
        String s = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        try {
            if (s.startsWith("p")) {
                return Duration.parse(s.toUpperCase(Locale.ROOT));
            }
            java.util.regex.Matcher m = DURATION.matcher(s);
            if (m.matches()) {
                long n = Long.parseLong(m.group(1));
                return switch (m.group(2) == null ? "s" : m.group(2)) {
                    case "ms" -> Duration.ofMillis(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    case "d" -> Duration.ofDays(n);
                    default -> Duration.ofSeconds(n);
                };
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            // explained below
        }
        throw new IllegalArgumentException("'" + text + "' is not a duration; write e.g. 500ms, 30s, 15m, 2h, 7d or PT15M");
    }

    private static final java.util.regex.Pattern DURATION = java.util.regex.Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");

    /** A MISCONFIGURED exception about this store. */
    public StorageException misconfigured(String detail) {
        return StorageException.builder(ErrorCode.MISCONFIGURED, detail).store(name).operation(Operation.OPEN).build();
    }

    /** Whether an option holds a secret, so that it is never shown. */
    public static boolean isSecretOption(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("password") || k.contains("secret") || k.contains("token") || k.contains("passphrase")
                || k.contains("connectionstring") || k.contains("credential") || k.contains("sas")
                || k.endsWith("key");
    }

    private static String shown(String key, String value) {
        return isSecretOption(key) ? "****" : value;
    }

    /** The URI with secrets replaced by {@code ****}. */
    public String toSafeUri() {
        StringBuilder sb = new StringBuilder(display(scheme, host, port, user, path));
        String sep = "?";
        for (Map.Entry<String, String> e : options.entrySet()) {
            sb.append(sep).append(e.getKey()).append('=').append(shown(e.getKey(), e.getValue()));
            sep = "&";
        }
        return sb.toString();
    }

    private static String display(String scheme, String host, int port, String user, String path) {
        StringBuilder sb = new StringBuilder(scheme).append(':');
        if (!host.isEmpty() || user != null) {
            sb.append("//");
            if (user != null) {
                sb.append(user).append('@');
            }
            sb.append(host);
            if (port >= 0) {
                sb.append(':').append(port);
            }
            if (!path.isEmpty() && !path.startsWith("/")) {
                sb.append('/');
            }
        } else if (path.startsWith("/")) {
            sb.append("//");
        }
        return sb.append(path).toString();
    }

    private static String redactUserInfo(String uri) {
        return uri.replaceAll("//([^/@:]*):[^/@]*@", "//$1:****@");
    }

    @Override
    public String toString() {
        return "StoreConfig[" + name + " = " + toSafeUri() + "]";
    }
}
