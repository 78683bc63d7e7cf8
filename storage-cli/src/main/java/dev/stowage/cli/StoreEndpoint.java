package dev.stowage.cli;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ContentSource;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import java.io.InputStream;
import java.util.stream.Stream;

/** A store as one side of a copy. */
record StoreEndpoint(BlobStore store, String label) implements Endpoint {
    @Override
    public String describe(String key) {
        return label + key;
    }

    @Override
    public Stream<String> list(String folder) {
        return store.list(ListOptions.prefix(folder)).filter(e -> !e.isPrefix()).map(ListEntry::key);
    }

    @Override
    public Opened open(String key) {
        BlobInputStream in = store.get(key);
        return new Opened(in, in.info());
    }

    @Override
    public void write(String key, InputStream in, long length, PutOptions options) {
        store.put(key, ContentSource.ofStream(in, length), keepable(options));
    }

    /** A copy carries what the target can keep; stores refuse the rest (file servers keep no content type). */
    private PutOptions keepable(PutOptions options) {
        var caps = store.capabilities();
        return options.toBuilder().contentType(caps.contentType() ? options.contentType() : null)
                .cacheControl(caps.cacheControl() ? options.cacheControl() : null)
                .metadata(caps.userMetadata() ? options.metadata() : java.util.Map.of()).build();
    }
}
