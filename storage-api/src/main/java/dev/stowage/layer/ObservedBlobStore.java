package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.net.URI;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Reports every call, its duration and its failure to a {@link StoreListener}. */
final class ObservedBlobStore extends ForwardingBlobStore {
    private final StoreListener listener;

    ObservedBlobStore(BlobStore delegate, StoreListener listener) {
        super(delegate);
        this.listener = listener;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        return observe(Operation.PUT, key, () -> delegate.put(key, content, options));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        return observe(Operation.GET, key, () -> delegate.get(key, range));
    }

    @Override
    public BlobInfo stat(String key) {
        return observe(Operation.STAT, key, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return observe(Operation.EXISTS, key, () -> delegate.exists(key));
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return observe(Operation.LIST, options == null ? null : options.prefix(), () -> delegate.list(options));
    }

    @Override
    public void delete(String key) {
        observe(Operation.DELETE, key, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return observe(Operation.COPY, sourceKey, () -> delegate.copy(sourceKey, targetKey));
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        return observe(Operation.SIGNED_URL, key, () -> delegate.signedUrl(key, options));
    }

    private <T> T observe(Operation op, String key, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            listener.onCall(name(), op, key, System.nanoTime() - start, null);
            return result;
        } catch (StorageException e) {
            listener.onCall(name(), op, key, System.nanoTime() - start, e);
            throw e;
        }
    }
}
