package dev.stowage.gateway.internal;

import java.io.IOException;
import java.io.InputStream;

/** What follows the headers of an {@link Answer}. */
public sealed interface Body {
    /** No body: a HEAD request, a 304, or an empty object. */
    record Empty() implements Body {
    }

    /** A body already in memory; written at once without holding a thread. */
    record Bytes(byte[] bytes) implements Body {
    }

    /**
     * A body read from a store while it is written. The writer must close it whether the write succeeds or not;
     * closing gives back the stream slot it holds.
     *
     * @param in     the content, exactly {@code length} bytes
     * @param length the number of bytes
     */
    record Stream(InputStream in, long length) implements Body {
        void closeQuietly() {
            try {
                in.close();
            } catch (IOException e) {
                // nothing was promised about this stream anymore
            }
        }
    }

    Empty EMPTY = new Empty();
}
