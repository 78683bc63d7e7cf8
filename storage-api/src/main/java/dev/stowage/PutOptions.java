package dev.stowage;

import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * How to write an object.
 *
 * @param contentType  the media type to store, or {@code null} to let the store decide
 * @param cacheControl the Cache-Control value to store, or {@code null}
 * @param metadata     user metadata (keys are stored lower-case; ASCII letters, digits, '-' and '_')
 * @param ifNoneMatch  {@code "*"} to write only when no object exists under the key, else {@code null}
 * @param ifMatch      an ETag the current object must have for the write to happen, else {@code null}
 */
public record PutOptions(String contentType, String cacheControl, Map<String, String> metadata,
                         String ifNoneMatch, String ifMatch) {
    private static final PutOptions DEFAULTS = new PutOptions(null, null, Map.of(), null, null);

    public PutOptions {
        metadata = normalizeMetadata(metadata);
        if (ifNoneMatch != null && !ifNoneMatch.equals("*")) {
            throw new IllegalArgumentException("ifNoneMatch supports only \"*\" (create only if absent), was '"
                    + ifNoneMatch + "'");
        }
        if (ifNoneMatch != null && ifMatch != null) {
            throw new IllegalArgumentException("ifNoneMatch and ifMatch cannot be combined");
        }
    }

    /** No content type, no metadata, no condition. */
    public static PutOptions defaults() {
        return DEFAULTS;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().contentType(contentType).cacheControl(cacheControl).metadata(metadata)
                .ifNoneMatch(ifNoneMatch).ifMatch(ifMatch);
    }

    /** Whether the write is conditional. */
    public boolean isConditional() {
        return ifNoneMatch != null || ifMatch != null;
    }

    private static Map<String, String> normalizeMetadata(Map<String, String> in) {
        if (in == null || in.isEmpty()) {
            return Map.of();
        }
        Map<String, String> out = new TreeMap<>();
        for (Map.Entry<String, String> e : in.entrySet()) {
            String name = e.getKey();
            if (name == null || name.isEmpty()) {
                throw new IllegalArgumentException("metadata names must not be empty");
            }
            for (int i = 0; i < name.length(); i++) {
                char c = name.charAt(i);
                boolean ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                        || c == '-' || c == '_';
                if (!ok) {
                    throw new IllegalArgumentException("invalid metadata name '" + name
                            + "': use ASCII letters, digits, '-' and '_' only (every backend can store those)");
                }
            }
            String value = e.getValue();
            if (value == null) {
                throw new IllegalArgumentException("metadata '" + name + "' has a null value");
            }
            for (int i = 0; i < value.length(); i++) {
                char c = value.charAt(i);
                if (c < 0x20 || c > 0x7e) {
                    throw new IllegalArgumentException("invalid value for metadata '" + name
                            + "': only printable ASCII is portable across backends (found U+"
                            + String.format("%04X", (int) c) + ")");
                }
            }
            String lower = name.toLowerCase(Locale.ROOT);
            if (out.containsKey(lower)) {
                // names are case-insensitive on every backend: keeping one value would silently drop the other
                throw new IllegalArgumentException("metadata names that differ only in case are one name: '" + name
                        + "' is given twice; keep one of them");
            }
            out.put(lower, value);
        }
        return java.util.Collections.unmodifiableMap(out);
    }

    /** Builds {@link PutOptions}. */
    public static final class Builder {
        private String contentType;
        private String cacheControl;
        private Map<String, String> metadata = Map.of();
        private String ifNoneMatch;
        private String ifMatch;

        private Builder() {
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder cacheControl(String cacheControl) {
            this.cacheControl = cacheControl;
            return this;
        }

        public Builder metadata(Map<String, String> metadata) {
            this.metadata = metadata;
            return this;
        }

        /** {@code "*"}: write only if no object exists under the key. */
        public Builder ifNoneMatch(String ifNoneMatch) {
            this.ifNoneMatch = ifNoneMatch;
            return this;
        }

        public Builder ifMatch(String etag) {
            this.ifMatch = etag;
            return this;
        }

        public PutOptions build() {
            return new PutOptions(contentType, cacheControl, metadata, ifNoneMatch, ifMatch);
        }
    }
}
