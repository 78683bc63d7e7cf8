package dev.stowage.cli;

import dev.stowage.StoreConfig;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Where a command reads or writes, as parsed by {@link LocationParser}: an object or a folder in a configured
 * store, in a store given by URI, or a plain local file or folder.
 *
 * @param text      the location as the user wrote it, for messages
 * @param kind      which kind of store holds it
 * @param storeName the configured store's name ({@link Kind#NAMED}), else {@code null}
 * @param store     the configuration to open ({@link Kind#URI}), else {@code null}
 * @param key       the key or folder inside the store: "" for the store's root, ending in '/' for a folder
 * @param path      the local file or folder ({@link Kind#LOCAL}), else {@code null}
 */
public record Location(String text, Kind kind, String storeName, StoreConfig store, String key, Path path) {
    /** Where a location is: a configured store, a store given inline, or a local file. */
    public enum Kind {
        /** A store from the config file: {@code NAME:key}, or a link {@code provider://bucket/key} it holds. */
        NAMED,
        /** {@code scheme://bucket/key?options}: a store given inline. */
        URI,
        /** {@code ./file}, {@code /abs/folder/}: a plain local file or folder (only for {@code cp}). */
        LOCAL
    }

    public Location {
        Objects.requireNonNull(text, "text");
        Objects.requireNonNull(kind, "kind");
        key = key == null ? "" : key;
    }

    /** Whether this names a folder (the store's root, or a key ending in '/') rather than one object. */
    public boolean isFolder() {
        return kind != Kind.LOCAL && (key.isEmpty() || key.endsWith("/"));
    }

    /** The last segment of the key (or of the local path): the name a copy into a folder gets. */
    public String baseName() {
        if (kind == Kind.LOCAL) {
            Path name = path.getFileName();
            return name == null ? "" : name.toString();
        }
        String k = key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
        return k.substring(k.lastIndexOf('/') + 1);
    }

    @Override
    public String toString() {
        return text;
    }
}
