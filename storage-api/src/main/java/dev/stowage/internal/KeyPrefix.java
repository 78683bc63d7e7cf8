package dev.stowage.internal;

import dev.stowage.BlobInfo;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;

/**
 * A folder applied as a key prefix: store-relative keys in, backend keys out, and back.
 * Used by the portable store (for a configured folder) and by the {@code prefixed} layer.
 */
public final class KeyPrefix {
    private final String prefix;

    /** @param folder a folder such as {@code photos/2024}, with or without a trailing slash; "" for none */
    public KeyPrefix(String folder) {
        String f = folder == null ? "" : folder;
        while (f.startsWith("/")) {
            f = f.substring(1);
        }
        this.prefix = f.isEmpty() || f.endsWith("/") ? f : f + "/";
    }

    public boolean isEmpty() {
        return prefix.isEmpty();
    }

    /** The prefix, "" or ending with '/'. */
    public String value() {
        return prefix;
    }

    public String add(String key) {
        return prefix + key;
    }

    public String strip(String backendKey) {
        if (!backendKey.startsWith(prefix)) {
            throw new IllegalStateException("backend returned key '" + backendKey + "' outside prefix '" + prefix + "'");
        }
        return backendKey.substring(prefix.length());
    }

    public BlobInfo strip(BlobInfo info) {
        return prefix.isEmpty() ? info : info.withKey(strip(info.key()));
    }

    public ListEntry strip(ListEntry entry) {
        return prefix.isEmpty() ? entry : entry.withKey(strip(entry.key()));
    }

    public ListOptions add(ListOptions options) {
        if (prefix.isEmpty()) {
            return options;
        }
        return options.toBuilder()
                .prefix(prefix + options.prefix())
                .startAfter(options.startAfter() == null ? null : prefix + options.startAfter())
                .build();
    }
}
