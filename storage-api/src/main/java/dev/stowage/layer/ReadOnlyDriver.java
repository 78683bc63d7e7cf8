package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.ForwardingDriver;
import java.net.URI;

/**
 * A driver that says it is read-only ({@link Capabilities#readOnly()}), so the portable layer refuses every write
 * before any I/O; it also refuses writes that reach it, for callers that use the driver directly.
 */
final class ReadOnlyDriver extends ForwardingDriver {
    ReadOnlyDriver(BlobStoreDriver delegate) {
        super(delegate);
    }

    @Override
    public Capabilities capabilities() {
        return delegate().capabilities().toBuilder().readOnly(true).build();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        throw refused();
    }

    @Override
    public void delete(String key) {
        throw refused();
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        throw refused();
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) throws Exception {
        if (options != null && options.method() == SignedUrlOptions.Method.PUT) {
            throw refused();
        }
        return delegate().signedUrl(key, options);
    }

    static StorageException refused() {
        return StorageException.builder(ErrorCode.PERMISSION_DENIED, "the store is read-only")
                .hint("remove readOnly from the store's configuration to allow writes").build();
    }
}
