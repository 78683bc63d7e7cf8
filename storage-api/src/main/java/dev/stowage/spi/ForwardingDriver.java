package dev.stowage.spi;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.net.URI;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * A driver that forwards every call to another: the base of layers that wrap the driver SPI, each overriding only
 * what it changes. It sits below the portable layer, so it sees keys with the store's folder applied, one page of
 * a listing at a time and raw streams.
 */
public abstract class ForwardingDriver implements BlobStoreDriver {
    private final BlobStoreDriver delegate;

    protected ForwardingDriver(BlobStoreDriver delegate) {
        this.delegate = Objects.requireNonNull(delegate, "delegate");
    }

    /** The driver this one forwards to. */
    protected final BlobStoreDriver delegate() {
        return delegate;
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities();
    }

    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return delegate.putDigests(length);
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        return delegate.put(key, content, options);
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        return delegate.get(key, range);
    }

    @Override
    public BlobInfo stat(String key) throws Exception {
        return delegate.stat(key);
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        return delegate.list(options, pageToken);
    }

    @Override
    public void delete(String key) throws Exception {
        delegate.delete(key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) throws Exception {
        return delegate.copy(sourceKey, targetKey);
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) throws Exception {
        return delegate.signedUrl(key, options);
    }

    @Override
    public Optional<URI> defaultPublicBase() {
        return delegate.defaultPublicBase();
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        return delegate.translate(operation, key, failure);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : delegate.unwrap(type);
    }

    @Override
    public void close() throws Exception {
        delegate.close();
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "[" + delegate + "]";
    }
}
