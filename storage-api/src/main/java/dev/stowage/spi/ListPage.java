package dev.stowage.spi;

import dev.stowage.ListEntry;
import java.util.List;

/**
 * One page of a listing as a driver returns it.
 *
 * @param entries       entries in ascending key order
 * @param nextPageToken an opaque token for the next page, or {@code null} when this is the last page
 */
public record ListPage(List<ListEntry> entries, String nextPageToken) {
    public ListPage {
        entries = List.copyOf(entries);
    }

    public boolean isLast() {
        return nextPageToken == null;
    }
}
