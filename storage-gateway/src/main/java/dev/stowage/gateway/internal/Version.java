package dev.stowage.gateway.internal;

import dev.stowage.BlobInfo;
import java.util.Objects;

/**
 * Which version of an original something describes or was made from: the store's ETag, or size and modification
 * time for stores without ETags. Two reads of the same version have equal {@code Version}s.
 *
 * @param token the ETag (prefixed {@code etag:}) or {@code size:N@millis}
 */
public record Version(String token) {
    public Version {
        Objects.requireNonNull(token, "token");
    }

    /** The version {@code info} describes. */
    public static Version of(BlobInfo info) {
        if (info.etag() != null) {
            return new Version("etag:" + info.etag());
        }
        return new Version("size:" + info.size() + "@"
                + (info.lastModified() == null ? "?" : info.lastModified().toEpochMilli()));
    }
}
