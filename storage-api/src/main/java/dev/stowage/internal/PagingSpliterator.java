package dev.stowage.internal;

import dev.stowage.ListEntry;
import dev.stowage.spi.ListPage;
import java.util.Iterator;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.function.Function;

/** Fetches listing pages one at a time as the stream is consumed; holds one page. */
final class PagingSpliterator extends Spliterators.AbstractSpliterator<ListEntry> {
    private final Function<String, ListPage> fetch;
    private Iterator<ListEntry> current;
    private String nextToken;
    private boolean last;

    PagingSpliterator(Function<String, ListPage> fetch) {
        super(Long.MAX_VALUE, Spliterator.ORDERED | Spliterator.NONNULL | Spliterator.DISTINCT);
        this.fetch = fetch;
    }

    @Override
    public boolean tryAdvance(Consumer<? super ListEntry> action) {
        while (current == null || !current.hasNext()) {
            if (last) {
                return false;
            }
            ListPage page = fetch.apply(nextToken);
            current = page.entries().iterator();
            nextToken = page.nextPageToken();
            last = page.isLast();
        }
        action.accept(current.next());
        return true;
    }
}
