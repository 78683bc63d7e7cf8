package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;

/** A {@link BlobStore} that passes every call to another; layers extend it and override what they change. */
public abstract class ForwardingBlobStore implements BlobStore {
    protected final BlobStore delegate;

    protected ForwardingBlobStore(BlobStore delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    @Override
    public String name() {
        return delegate.name();
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        return delegate.put(key, content, options);
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        return delegate.get(key, range);
    }

    @Override
    public BlobInfo stat(String key) {
        return delegate.stat(key);
    }

    @Override
    public boolean exists(String key) {
        return delegate.exists(key);
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return delegate.list(options);
    }

    @Override
    public void delete(String key) {
        delegate.delete(key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return delegate.copy(sourceKey, targetKey);
    }

    @Override
    public URI publicUrl(String key) {
        return delegate.publicUrl(key);
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        return delegate.signedUrl(key, options);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type.isInstance(this)) {
            return Optional.of(type.cast(this));
        }
        return delegate.unwrap(type);
    }

    @Override
    public void close() {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
