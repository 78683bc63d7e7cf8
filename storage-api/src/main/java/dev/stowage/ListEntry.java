package dev.stowage;

import java.util.Objects;

/**
 * One row of a listing: an object, or a common prefix (a "folder") when listing with a delimiter.
 *
 * @param key  the object's key, or the prefix including its trailing delimiter
 * @param info the object's metadata, or {@code null} for a prefix
 */
public record ListEntry(String key, BlobInfo info) {
    public ListEntry {
        Objects.requireNonNull(key, "key");
    }

    public static ListEntry ofBlob(BlobInfo info) {
        return new ListEntry(info.key(), info);
    }

    public static ListEntry ofPrefix(String prefix) {
        return new ListEntry(prefix, null);
    }

    /** Whether this entry is a common prefix rather than an object. */
    public boolean isPrefix() {
        return info == null;
    }

    /** Returns a copy with another key (used by layers that move the root). */
    public ListEntry withKey(String newKey) {
        return new ListEntry(newKey, info == null ? null : info.withKey(newKey));
    }
}
