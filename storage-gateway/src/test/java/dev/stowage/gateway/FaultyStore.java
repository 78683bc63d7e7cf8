package dev.stowage.gateway;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.layer.ForwardingBlobStore;

/** A store whose reads fail with a given code, or answer only after a delay: a backend that is down or slow. */
final class FaultyStore extends ForwardingBlobStore {
    private final ErrorCode failure;
    private final long delayMillis;

    FaultyStore(BlobStore delegate, ErrorCode failure, long delayMillis) {
        super(delegate);
        this.failure = failure;
        this.delayMillis = delayMillis;
    }

    private void misbehave(String key) {
        if (delayMillis > 0) {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (failure != null) {
            throw StorageException.builder(failure, "injected " + failure + " (secret=hunter2)").store(name())
                    .key(key).hint("credential from AWS_SECRET_ACCESS_KEY=hunter2").build();
        }
    }

    @Override
    public BlobInfo stat(String key) {
        misbehave(key);
        return super.stat(key);
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        misbehave(key);
        return super.get(key, range);
    }
}
