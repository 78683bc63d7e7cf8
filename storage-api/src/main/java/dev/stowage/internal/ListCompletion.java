package dev.stowage.internal;

import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.KeyOrder;
import dev.stowage.spi.ListPage;
import java.util.ArrayList;
import java.util.List;

/**
 * Completes the raw pages of one listing, once, for every driver: entries in ascending UTF-8 byte order of keys
 * (backends return objects and common prefixes as separate lists), nothing at or before {@code startAfter}
 * (backends that take it inclusively, or return the prefix holding it), nothing outside the prefix, and no entry
 * twice (backends whose page token is the last key, taken inclusively). Not thread-safe: one per listing.
 */
final class ListCompletion {
    private final ListOptions options;
    private String lastKey;

    /** @param options the listing's options as the driver received them (backend keys) */
    ListCompletion(ListOptions options) {
        this.options = options;
        this.lastKey = options.startAfter();
    }

    ListPage complete(ListPage raw) {
        List<ListEntry> entries = new ArrayList<>(raw.entries());
        entries.sort((a, b) -> KeyOrder.compare(a.key(), b.key()));
        List<ListEntry> out = new ArrayList<>(entries.size());
        String previous = null;
        for (ListEntry e : entries) {
            String key = e.key();
            if (!key.startsWith(options.prefix()) || key.equals(previous)) {
                continue;
            }
            if (lastKey != null && KeyOrder.compare(key, lastKey) <= 0) {
                if (options.startAfter() != null && KeyOrder.compare(key, options.startAfter()) <= 0
                        || key.equals(lastKey)) {
                    continue; // at or before startAfter, or repeated from the previous page
                }
                throw StorageException.builder(ErrorCode.INTERNAL, "the backend listed '" + key + "' after '"
                                + lastKey + "', out of key order")
                        .hint("a listing page came back out of order; this is a defect of the driver or server")
                        .build();
            }
            out.add(e);
            previous = key;
        }
        if (previous != null) {
            lastKey = previous;
        }
        return new ListPage(out, raw.nextPageToken());
    }
}
