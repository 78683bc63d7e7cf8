package dev.stowage;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * What a store knows about one object.
 *
 * @param key          the object's key, relative to the store's root
 * @param size         the size in bytes
 * @param etag         an opaque version tag that changes when the content changes, or {@code null}; held in
 *                     {@link ETag}'s one form (a strong tag bare, without quotes) whatever form it is given in
 * @param lastModified when the object was last written, or {@code null} when the backend does not say
 * @param contentType  the media type, or {@code null}
 * @param cacheControl the Cache-Control value stored with the object, or {@code null}
 * @param userMetadata user metadata; keys are lower-case
 * @param digests      whole-object digests the backend reports for the stored content (none when it reports none)
 */
public record BlobInfo(String key, long size, String etag, Instant lastModified, String contentType,
                       String cacheControl, Map<String, String> userMetadata, Digests digests) {
    public BlobInfo {
        Objects.requireNonNull(key, "key");
        if (size < 0) {
            throw new IllegalArgumentException("size must be >= 0, was " + size);
        }
        userMetadata = userMetadata == null ? Map.of()
                : java.util.Collections.unmodifiableMap(new TreeMap<>(userMetadata));
        digests = digests == null ? Digests.none() : digests;
        etag = ETag.normalize(etag); // one form whichever driver or header it came from
    }

    /** The ETag as a value, or {@code null} when the backend gives none. */
    public ETag entityTag() {
        return ETag.parse(etag);
    }

    /** An object the backend reports no digest for. */
    public BlobInfo(String key, long size, String etag, Instant lastModified, String contentType,
                    String cacheControl, Map<String, String> userMetadata) {
        this(key, size, etag, lastModified, contentType, cacheControl, userMetadata, Digests.none());
    }

    /** Returns a copy with another key (used by layers that move the root). */
    public BlobInfo withKey(String newKey) {
        return new BlobInfo(newKey, size, etag, lastModified, contentType, cacheControl, userMetadata, digests);
    }

    /** Returns a copy with other digests. */
    public BlobInfo withDigests(Digests newDigests) {
        return new BlobInfo(key, size, etag, lastModified, contentType, cacheControl, userMetadata, newDigests);
    }

    /** A builder holding this object's fields. */
    public Builder toBuilder() {
        return new Builder(key).size(size).etag(etag).lastModified(lastModified).contentType(contentType)
                .cacheControl(cacheControl).userMetadata(userMetadata).digests(digests);
    }

    /** Starts a builder for the given key. */
    public static Builder builder(String key) {
        return new Builder(key);
    }

    /** Builds a {@link BlobInfo}; drivers use it to translate backend metadata. */
    public static final class Builder {
        private final String key;
        private long size;
        private String etag;
        private Instant lastModified;
        private String contentType;
        private String cacheControl;
        private Map<String, String> userMetadata = Map.of();
        private Digests digests = Digests.none();

        private Builder(String key) {
            this.key = key;
        }

        public Builder size(long size) {
            this.size = size;
            return this;
        }

        public Builder etag(String etag) {
            this.etag = etag;
            return this;
        }

        public Builder lastModified(Instant lastModified) {
            this.lastModified = lastModified;
            return this;
        }

        public Builder contentType(String contentType) {
            this.contentType = contentType;
            return this;
        }

        public Builder cacheControl(String cacheControl) {
            this.cacheControl = cacheControl;
            return this;
        }

        public Builder userMetadata(Map<String, String> userMetadata) {
            this.userMetadata = userMetadata;
            return this;
        }

        public Builder digests(Digests digests) {
            this.digests = digests;
            return this;
        }

        /** Adds one digest the backend reported, as hex. */
        public Builder digest(DigestAlgorithm algorithm, String hex) {
            this.digests = digests.with(algorithm, hex);
            return this;
        }

        public BlobInfo build() {
            return new BlobInfo(key, size, etag, lastModified, contentType, cacheControl, userMetadata, digests);
        }
    }
}
