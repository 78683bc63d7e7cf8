package dev.stowage.cli.gateway;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The gateway's stores seen as one read-only store whose keys are {@code store/key}, so that a single bounded cache
 * serves them all. Thread-safe: the map is fixed at construction and stores are thread-safe.
 */
final class StoreRouter implements BlobStore {
    private final Map<String, BlobStore> stores;

    StoreRouter(Map<String, BlobStore> stores) {
        this.stores = new LinkedHashMap<>(stores);
    }

    Set<String> names() {
        return stores.keySet();
    }

    boolean has(String store) {
        return stores.containsKey(store);
    }

    static String key(String store, String key) {
        return store + "/" + key;
    }

    private record Target(BlobStore store, String key) {
    }

    private Target route(String routed, Operation op) {
        int slash = routed.indexOf('/');
        BlobStore store = slash < 0 ? null : stores.get(routed.substring(0, slash));
        if (store == null) {
            throw StorageException.builder(ErrorCode.NOT_FOUND, "no such store").operation(op).key(routed).build();
        }
        return new Target(store, routed.substring(slash + 1));
    }

    @Override
    public String name() {
        return "gateway";
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).readOnly(true).contentType(true).build();
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        Target t = route(key, Operation.GET);
        BlobInputStream in = t.store().get(t.key(), range);
        return new BlobInputStream(in, in.info().withKey(key), in.range());
    }

    @Override
    public BlobInfo stat(String key) {
        Target t = route(key, Operation.STAT);
        return t.store().stat(t.key()).withKey(key);
    }

    @Override
    public boolean exists(String key) {
        Target t = route(key, Operation.EXISTS);
        return t.store().exists(t.key());
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        throw readOnly(Operation.PUT, key);
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        throw readOnly(Operation.LIST, options.prefix());
    }

    @Override
    public void delete(String key) {
        throw readOnly(Operation.DELETE, key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        throw readOnly(Operation.COPY, targetKey);
    }

    @Override
    public URI publicUrl(String key) {
        Target t = route(key, Operation.PUBLIC_URL);
        return t.store().publicUrl(t.key());
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        Target t = route(key, Operation.SIGNED_URL);
        return t.store().signedUrl(t.key(), options);
    }

    private static StorageException readOnly(Operation op, String key) {
        return StorageException.builder(ErrorCode.UNSUPPORTED, "the gateway only reads").operation(op).key(key)
                .build();
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (BlobStore s : stores.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public String toString() {
        return "StoreRouter" + stores.keySet();
    }
}
