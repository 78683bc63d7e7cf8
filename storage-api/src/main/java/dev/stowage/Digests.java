package dev.stowage;

import java.util.Base64;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Whole-object digests: what a backend reports it stored, or what was computed while streaming. Values are
 * lower-case hex. An empty set means nothing is known, never "matches".
 *
 * @param values digest per algorithm
 */
public record Digests(Map<DigestAlgorithm, String> values) {
    private static final Digests NONE = new Digests(Map.of());

    public Digests {
        EnumMap<DigestAlgorithm, String> copy = new EnumMap<>(DigestAlgorithm.class);
        if (values != null) {
            values.forEach((algorithm, hex) -> copy.put(algorithm, normalise(algorithm, hex)));
        }
        values = Collections.unmodifiableMap(copy);
    }

    /** No digest known. */
    public static Digests none() {
        return NONE;
    }

    /** One digest, given as hex. */
    public static Digests of(DigestAlgorithm algorithm, String hex) {
        return new Digests(Map.of(algorithm, hex));
    }

    /** One digest, given as raw bytes. */
    public static Digests of(DigestAlgorithm algorithm, byte[] digest) {
        return of(algorithm, HexFormat.of().formatHex(digest));
    }

    /** One digest, given as base64 (as in Content-MD5 or x-amz-checksum-* headers). */
    public static Digests ofBase64(DigestAlgorithm algorithm, String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(algorithm + " digest is not base64: '" + base64 + "'", e);
        }
        return of(algorithm, raw);
    }

    /** A copy with one more digest (replacing one of the same algorithm). */
    public Digests with(DigestAlgorithm algorithm, String hex) {
        EnumMap<DigestAlgorithm, String> copy = new EnumMap<>(DigestAlgorithm.class);
        copy.putAll(values);
        copy.put(algorithm, hex);
        return new Digests(copy);
    }

    /** Both sets together; where both know an algorithm, this one's value is kept. */
    public Digests merge(Digests other) {
        EnumMap<DigestAlgorithm, String> copy = new EnumMap<>(DigestAlgorithm.class);
        copy.putAll(other.values);
        copy.putAll(values);
        return new Digests(copy);
    }

    public Optional<String> get(DigestAlgorithm algorithm) {
        return Optional.ofNullable(values.get(algorithm));
    }

    /** The value as base64, as HTTP headers carry it. */
    public Optional<String> base64(DigestAlgorithm algorithm) {
        return get(algorithm).map(hex -> Base64.getEncoder().encodeToString(HexFormat.of().parseHex(hex)));
    }

    public boolean isEmpty() {
        return values.isEmpty();
    }

    /** The strongest algorithm both sets know, if any. */
    public Optional<DigestAlgorithm> firstShared(Digests other) {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            if (values.containsKey(a) && other.values.containsKey(a)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    /** An algorithm that both sets know and on which they differ; empty when every shared value agrees. */
    public Optional<DigestAlgorithm> mismatch(Digests other) {
        for (DigestAlgorithm a : DigestAlgorithm.values()) {
            String mine = values.get(a);
            String theirs = other.values.get(a);
            if (mine != null && theirs != null && !mine.equals(theirs)) {
                return Optional.of(a);
            }
        }
        return Optional.empty();
    }

    private static String normalise(DigestAlgorithm algorithm, String hex) {
        if (algorithm == null || hex == null) {
            throw new IllegalArgumentException("a digest needs an algorithm and a value");
        }
        String v = hex.trim().toLowerCase(Locale.ROOT);
        if (v.length() != algorithm.length() * 2 || !v.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException(algorithm + " digest must be " + algorithm.length() * 2
                    + " hex digits, was '" + hex + "'");
        }
        return v;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("Digests");
        b.append(values.isEmpty() ? "[none]" : values.toString());
        return b.toString();
    }
}
