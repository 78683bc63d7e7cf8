package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Retries calls that fail with a retryable code, with backoff and jitter. A write is retried only when its
 * content source is repeatable; a returned stream's reads are not retried (the caller sees the failure).
 */
final class RetryingBlobStore extends ForwardingBlobStore {
    private final RetryPolicy policy;
    private final Sleeper sleeper;

    /** How the layer waits; tests substitute one that does not sleep. */
    interface Sleeper {
        void sleep(java.time.Duration d) throws InterruptedException;
    }

    RetryingBlobStore(BlobStore delegate, RetryPolicy policy, Sleeper sleeper) {
        super(delegate);
        this.policy = policy;
        this.sleeper = sleeper;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        if (!content.isRepeatable()) {
            return delegate.put(key, content, options);
        }
        return retry(() -> delegate.put(key, content, options));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        return retry(() -> delegate.get(key, range));
    }

    @Override
    public BlobInfo stat(String key) {
        return retry(() -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return retry(() -> delegate.exists(key));
    }

    /** Retries opening the listing and, since pages are fetched as the stream is consumed, each later page too. */
    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return ResumingListing.stream(options, delegate::list, policy, sleeper);
    }

    @Override
    public void delete(String key) {
        retry(() -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return retry(() -> delegate.copy(sourceKey, targetKey));
    }

    private <T> T retry(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (StorageException e) {
                if (!e.retryable() || attempt >= policy.maxAttempts()) {
                    throw e;
                }
                pause(sleeper, policy, attempt, e);
            }
        }
    }

    /** Waits before the next attempt; an interrupt ends the retrying with the failure that caused the wait. */
    static void pause(Sleeper sleeper, RetryPolicy policy, int attempt, StorageException failure) {
        try {
            sleeper.sleep(policy.delayAfter(attempt));
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            StorageException interrupted = StorageException.builder(ErrorCode.UNAVAILABLE,
                    "interrupted while waiting to retry").store(failure.store()).operation(failure.operation())
                    .key(failure.key()).cause(ie).retryable(false).build();
            interrupted.addSuppressed(failure);
            throw interrupted;
        }
    }
}
