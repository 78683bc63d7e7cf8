package dev.stowage.layer;

import dev.stowage.ContentSource;
import java.util.Objects;

/**
 * A derived object to cache, produced on a miss by {@link CachedBlobStore#computeIfAbsent}: for example an image
 * resized from an original.
 *
 * @param content     the bytes, usually {@link ContentSource#ofBytes} or {@link ContentSource#ofPath}
 * @param contentType the media type to answer with, or {@code null}
 */
public record CachedVariant(ContentSource content, String contentType) {
    public CachedVariant {
        Objects.requireNonNull(content, "content");
    }

    /** Produces a variant on a cache miss. May throw; the exception reaches every caller waiting for it. */
    @FunctionalInterface
    public interface Producer {
        CachedVariant produce() throws Exception;
    }
}
