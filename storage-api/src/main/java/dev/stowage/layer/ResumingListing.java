package dev.stowage.layer;

import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.KeyOrder;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * A listing that survives retryable failures of later pages: pages are fetched lazily, so a failure surfaces
 * while the stream is consumed; the listing is then reopened after the last key returned, and entries at or
 * before that key (a common prefix may come back again) are skipped.
 */
final class ResumingListing extends Spliterators.AbstractSpliterator<ListEntry> {
    private final ListOptions options;
    private final Function<ListOptions, Stream<ListEntry>> open;
    private final RetryPolicy policy;
    private final RetryingBlobStore.Sleeper sleeper;
    private Stream<ListEntry> current;
    private Iterator<ListEntry> entries;
    private String lastKey;
    private int failures;

    ResumingListing(ListOptions options, Function<ListOptions, Stream<ListEntry>> open, RetryPolicy policy,
                    RetryingBlobStore.Sleeper sleeper) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
        this.options = options == null ? ListOptions.all() : options;
        this.open = open;
        this.policy = policy;
        this.sleeper = sleeper;
    }

    static Stream<ListEntry> stream(ListOptions options, Function<ListOptions, Stream<ListEntry>> open,
                                    RetryPolicy policy, RetryingBlobStore.Sleeper sleeper) {
        ResumingListing listing = new ResumingListing(options, open, policy, sleeper);
        return StreamSupport.stream(listing, false).onClose(listing::closeCurrent);
    }

    @Override
    public boolean tryAdvance(Consumer<? super ListEntry> action) {
        while (true) {
            try {
                if (entries == null) {
                    ListOptions from = lastKey == null ? options : options.toBuilder().startAfter(lastKey).build();
                    current = open.apply(from);
                    entries = current.iterator();
                }
                while (entries.hasNext()) {
                    ListEntry e = entries.next();
                    if (lastKey != null && !KeyOrder.isAfter(e.key(), lastKey)) {
                        continue; // already returned before the listing was reopened
                    }
                    lastKey = e.key();
                    failures = 0; // the budget is per failing page, not per listing
                    action.accept(e);
                    return true;
                }
                return false;
            } catch (StorageException e) {
                closeCurrent();
                failures++;
                if (!e.retryable() || failures >= policy.maxAttempts()) {
                    throw e;
                }
                RetryingBlobStore.pause(sleeper, policy, failures, e);
            }
        }
    }

    void closeCurrent() {
        if (current != null) {
            current.close();
        }
        current = null;
        entries = null;
    }
}
