package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;

/**
 * Bounds how long a call may block. A call that overruns is interrupted and fails with UNAVAILABLE (retryable).
 * Writes are bounded too: an interrupted write leaves no partial object because drivers write atomically.
 * Only opening a read is bounded; reading the returned stream is not.
 */
final class TimeoutBlobStore extends ForwardingBlobStore {
    private final Duration timeout;
    // One daemon thread per in-flight call: the calls block, and the caller's thread waits for them.
    private final ExecutorService executor = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "stowage-timeout");
        t.setDaemon(true);
        return t;
    });

    TimeoutBlobStore(BlobStore delegate, Duration timeout) {
        super(delegate);
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, was " + timeout);
        }
        this.timeout = timeout;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        return bounded(Operation.PUT, key, () -> delegate.put(key, content, options));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        return bounded(Operation.GET, key, () -> delegate.get(key, range));
    }

    @Override
    public BlobInfo stat(String key) {
        return bounded(Operation.STAT, key, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return bounded(Operation.EXISTS, key, () -> delegate.exists(key));
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return bounded(Operation.LIST, options == null ? null : options.prefix(), () -> delegate.list(options));
    }

    @Override
    public void delete(String key) {
        bounded(Operation.DELETE, key, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return bounded(Operation.COPY, sourceKey, () -> delegate.copy(sourceKey, targetKey));
    }

    private <T> T bounded(Operation op, String key, Callable<T> call) {
        Future<T> future = executor.submit(call);
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            throw StorageException.builder(ErrorCode.UNAVAILABLE, "no answer within " + timeout.toMillis() + " ms")
                    .store(name()).operation(op).key(key).retryable(true).cause(e)
                    .hint("the backend is slow or unreachable; raise the timeout if large transfers need longer")
                    .build();
        } catch (InterruptedException e) {
            future.cancel(true);
            Thread.currentThread().interrupt();
            throw StorageException.builder(ErrorCode.UNAVAILABLE, "interrupted").store(name()).operation(op)
                    .key(key).cause(e).build();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw StorageException.builder(ErrorCode.INTERNAL, String.valueOf(cause)).store(name()).operation(op)
                    .key(key).cause(cause).build();
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
        super.close();
    }
}
