package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.Keys;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.InputStream;
import java.util.stream.Stream;

/** A store as one side of a copy. */
record StoreEndpoint(BlobStore store, String label) implements Endpoint {
    @Override
    public String describe(String key) {
        return label + key;
    }

    @Override
    public Capabilities capabilities() {
        return store.capabilities();
    }

    @Override
    public Stream<Item> list(String folder) {
        Capabilities caps = store.capabilities();
        return store.list(ListOptions.prefix(folder)).filter(e -> !e.isPrefix()).map(e -> item(e, caps));
    }

    /** A listed key that no call could address (a control character, a '..' segment) is skipped, not fatal. */
    private static Item item(ListEntry e, Capabilities caps) {
        try {
            // what this store can hold (object stores also hold folder markers and empty segments)
            Keys.validate(e.key(), caps);
            return Item.object(e.info());
        } catch (IllegalArgumentException invalid) {
            return Item.failed(e.key(), invalid.getMessage());
        }
    }

    @Override
    public Opened open(String key) {
        BlobInputStream in = store.get(key);
        return new Opened(in, in.info());
    }

    @Override
    public BlobInfo write(String key, InputStream in, long length, PutOptions options) {
        return store.put(key, ContentSource.ofStream(in, length), options);
    }

    @Override
    public BlobInfo stat(String key) {
        try {
            return store.stat(key);
        } catch (StorageException e) {
            if (e.code() == ErrorCode.NOT_FOUND) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public void delete(String key) {
        store.delete(key);
    }
}
