package dev.stowage.s3.internal;

import dev.stowage.ContentSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import software.amazon.awssdk.http.ContentStreamProvider;

/**
 * Gives the SDK the body of a single PutObject. A repeatable source is opened afresh for each SDK attempt;
 * a one-shot stream is handed over once, marked so the SDK can rewind a retry within its read limit.
 * Closing it closes the last stream opened.
 */
final class ReopeningProvider implements ContentStreamProvider, AutoCloseable {
    private final ContentSource content;
    private InputStream current;
    private boolean opened;

    ReopeningProvider(ContentSource content) {
        this.content = content;
    }

    @Override
    public synchronized InputStream newStream() {
        try {
            if (!opened) {
                opened = true;
                current = content.isRepeatable() ? content.open() : markable(content.open());
                return current;
            }
            if (content.isRepeatable()) {
                closeCurrent();
                current = content.open();
                return current;
            }
            // The SDK resets a markable stream itself before asking again.
            current.reset();
            return current;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static InputStream markable(InputStream in) {
        InputStream m = in.markSupported() ? in : new BufferedInputStream(in, 64 * 1024);
        m.mark(128 * 1024);
        return m;
    }

    private void closeCurrent() throws IOException {
        if (current != null) {
            current.close();
            current = null;
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeCurrent();
    }
}
