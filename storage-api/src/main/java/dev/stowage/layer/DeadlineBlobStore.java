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
import dev.stowage.internal.Deadlines;
import dev.stowage.spi.Deadline;
import java.time.Duration;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * {@link Layers#timeout} over a store that already has layers above its portable layer: the same deadline, held the
 * same way (on the caller's thread, one shared timer), around each call of the store it wraps. The driver calls
 * underneath see the deadline as {@link Deadline#current()}, so SDK timeouts still follow it.
 */
final class DeadlineBlobStore extends ForwardingBlobStore {
    private final Duration budget;
    /** Whether the deadline covers returned bodies and a whole listing, or each request alone. */
    private final boolean wholeCall;

    DeadlineBlobStore(BlobStore delegate, Duration budget, boolean wholeCall) {
        super(delegate);
        this.wholeCall = wholeCall;
        if (budget.isZero() || budget.isNegative()) {
            throw new IllegalArgumentException("a deadline must be positive, was " + budget);
        }
        this.budget = budget;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        Deadline d = newDeadline();
        ContentSource bounded = !wholeCall ? content
                : content.mapStream(in -> Deadlines.bound(in, d, Operation.PUT, name(), key));
        return within(d, Operation.PUT, key, () -> delegate.put(key, bounded, options));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        Deadline d = newDeadline();
        BlobInputStream in = within(d, Operation.GET, key, () -> delegate.get(key, range));
        return !wholeCall ? in
                : new BlobInputStream(Deadlines.bound(in, d, Operation.GET, name(), key), in.info(), range);
    }

    @Override
    public BlobInfo stat(String key) {
        return within(newDeadline(), Operation.STAT, key, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return within(newDeadline(), Operation.EXISTS, key, () -> delegate.exists(key));
    }

    @Override
    public void delete(String key) {
        within(newDeadline(), Operation.DELETE, key, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return within(newDeadline(), Operation.COPY, sourceKey, () -> delegate.copy(sourceKey, targetKey));
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        Deadline d = newDeadline();
        String prefix = options == null ? null : options.prefix();
        Stream<ListEntry> inner = within(d, Operation.LIST, prefix, () -> delegate.list(options));
        Iterator<ListEntry> entries = inner.iterator();
        Spliterator<ListEntry> bounded = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            @Override
            public boolean tryAdvance(Consumer<? super ListEntry> action) {
                // the next page, if one is needed, is fetched inside hasNext: it counts against the listing's deadline
                if (!within(wholeCall ? d : newDeadline(), Operation.LIST, prefix, entries::hasNext)) {
                    return false;
                }
                action.accept(entries.next());
                return true;
            }
        };
        return StreamSupport.stream(bounded, false).onClose(inner::close);
    }

    private <T> T within(Deadline d, Operation op, String key, Deadlines.Call<T> call) {
        try {
            return Deadlines.call(d, op, call);
        } catch (StorageException e) {
            if (e.code() == ErrorCode.DEADLINE_EXCEEDED && e.store() == null) {
                throw e.toBuilder().store(name()).key(key).build();
            }
            throw e;
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw StorageException.builder(ErrorCode.INTERNAL, String.valueOf(e)).store(name()).operation(op)
                    .key(key).cause(e).build();
        }
    }

    /** The deadline of one call: of the whole call, or of its requests only. */
    private Deadline newDeadline() {
        return wholeCall ? Deadline.after(budget) : Deadline.forRequests(budget);
    }
}
