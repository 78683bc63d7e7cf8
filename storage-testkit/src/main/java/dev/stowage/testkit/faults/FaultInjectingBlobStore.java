package dev.stowage.testkit.faults;

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
import dev.stowage.layer.ForwardingBlobStore;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * A store that misbehaves on request, for testing layers and callers: it fails the next calls of an operation
 * with a chosen {@link ErrorCode}, delays them, or cuts the next returned stream after some bytes, and counts
 * every call that reaches it. Everything else passes through to the wrapped store.
 *
 * <pre>{@code
 * FaultInjectingBlobStore faulty = new FaultInjectingBlobStore(store).failNext(Operation.PUT, 2, ErrorCode.UNAVAILABLE);
 * BlobStore retrying = Layers.retry(faulty, policy);
 * }</pre>
 *
 * <p>Thread-safe: faults are queued per operation and each is consumed by exactly one call.
 */
public final class FaultInjectingBlobStore extends ForwardingBlobStore {
    /** One queued misbehaviour. */
    private sealed interface Fault permits Failure, Delay, Cut {
    }

    private record Failure(ErrorCode code) implements Fault {
    }

    private record Delay(Duration delay) implements Fault {
    }

    private record Cut(long afterBytes) implements Fault {
    }

    private final Map<Operation, Deque<Fault>> faults = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, Integer> injected = new EnumMap<>(Operation.class);

    public FaultInjectingBlobStore(BlobStore delegate) {
        super(delegate);
    }

    /** Fails the next {@code times} calls of {@code op} with {@code code} (retryable as the code is by default). */
    public synchronized FaultInjectingBlobStore failNext(Operation op, int times, ErrorCode code) {
        return enqueue(op, times, new Failure(code));
    }

    /** Delays the next {@code times} calls of {@code op} by {@code delay} before passing them on. */
    public synchronized FaultInjectingBlobStore delayNext(Operation op, int times, Duration delay) {
        return enqueue(op, times, new Delay(delay));
    }

    /**
     * Cuts the stream of the next {@code get}: it yields {@code afterBytes} bytes, then fails with an
     * {@link java.io.IOException} as a dropped connection would.
     */
    public synchronized FaultInjectingBlobStore cutNextRead(long afterBytes) {
        return enqueue(Operation.GET, 1, new Cut(afterBytes));
    }

    /** How many calls of {@code op} reached this store, failed or not. */
    public synchronized int calls(Operation op) {
        return calls.getOrDefault(op, 0);
    }

    /** How many calls of {@code op} were given a fault. */
    public synchronized int injected(Operation op) {
        return injected.getOrDefault(op, 0);
    }

    /** How many queued faults of {@code op} have not been used yet. */
    public synchronized int pending(Operation op) {
        Deque<Fault> q = faults.get(op);
        return q == null ? 0 : q.size();
    }

    /** Drops queued faults and zeroes the counters. */
    public synchronized void reset() {
        faults.clear();
        calls.clear();
        injected.clear();
    }

    private FaultInjectingBlobStore enqueue(Operation op, int times, Fault fault) {
        if (times < 0) {
            throw new IllegalArgumentException("times must be >= 0, was " + times);
        }
        Deque<Fault> q = faults.computeIfAbsent(op, o -> new ArrayDeque<>());
        for (int i = 0; i < times; i++) {
            q.addLast(fault);
        }
        return this;
    }

    private synchronized Fault take(Operation op) {
        calls.merge(op, 1, Integer::sum);
        Deque<Fault> q = faults.get(op);
        Fault f = q == null ? null : q.pollFirst();
        if (f != null) {
            injected.merge(op, 1, Integer::sum);
        }
        return f;
    }

    private <T> T call(Operation op, String key, Supplier<T> real) {
        Fault fault = take(op);
        if (fault instanceof Failure failure) {
            throw StorageException.builder(failure.code(), "injected fault").store(name()).operation(op).key(key)
                    .build();
        }
        if (fault instanceof Delay delay) {
            sleep(delay.delay(), op, key);
        }
        return real.get();
    }

    private void sleep(Duration d, Operation op, String key) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            // the timeout layer interrupts an overrunning call; end it as a dropped call would end
            Thread.currentThread().interrupt();
            throw StorageException.builder(ErrorCode.UNAVAILABLE, "interrupted during an injected delay")
                    .store(name()).operation(op).key(key).cause(e).build();
        }
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        return call(Operation.PUT, key, () -> delegate.put(key, content, options));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        Fault fault = take(Operation.GET);
        if (fault instanceof Failure failure) {
            throw StorageException.builder(failure.code(), "injected fault").store(name()).operation(Operation.GET)
                    .key(key).build();
        }
        if (fault instanceof Delay delay) {
            sleep(delay.delay(), Operation.GET, key);
        }
        BlobInputStream in = delegate.get(key, range);
        if (fault instanceof Cut cut) {
            return new BlobInputStream(new CutInputStream(in, cut.afterBytes()), in.info(), in.range());
        }
        return in;
    }

    @Override
    public BlobInfo stat(String key) {
        return call(Operation.STAT, key, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return call(Operation.EXISTS, key, () -> delegate.exists(key));
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return call(Operation.LIST, options == null ? null : options.prefix(), () -> delegate.list(options));
    }

    @Override
    public void delete(String key) {
        call(Operation.DELETE, key, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return call(Operation.COPY, sourceKey, () -> delegate.copy(sourceKey, targetKey));
    }

    @Override
    public URI publicUrl(String key) {
        return call(Operation.PUBLIC_URL, key, () -> delegate.publicUrl(key));
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        return call(Operation.SIGNED_URL, key, () -> delegate.signedUrl(key, options));
    }

    /**
     * The wrapped store's capabilities, with one attempt per request: the faults injected here fail whole calls,
     * which no SDK sees or retries, so {@link dev.stowage.layer.Layers#retry} may be tested over this store.
     */
    @Override
    public Capabilities capabilities() {
        return delegate.capabilities().toBuilder().requestAttempts(1).build();
    }
}
