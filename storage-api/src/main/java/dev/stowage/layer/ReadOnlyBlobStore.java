package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.Keys;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.net.URI;

/** Refuses every write with PERMISSION_DENIED before any I/O. */
final class ReadOnlyBlobStore extends ForwardingBlobStore {
    ReadOnlyBlobStore(BlobStore delegate) {
        super(delegate);
    }

    @Override
    public Capabilities capabilities() {
        return delegate.capabilities().toBuilder().readOnly(true).build();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        throw refused(Operation.PUT, key);
    }

    @Override
    public void delete(String key) {
        throw refused(Operation.DELETE, key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        throw refused(Operation.COPY, targetKey);
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        if (options != null && options.method() == SignedUrlOptions.Method.PUT) {
            throw refused(Operation.SIGNED_URL, key);
        }
        return delegate.signedUrl(key, options);
    }

    private StorageException refused(Operation op, String key) {
        Keys.validate(key);
        return ReadOnlyDriver.refused().toBuilder().store(name()).operation(op).key(key).build();
    }
}
