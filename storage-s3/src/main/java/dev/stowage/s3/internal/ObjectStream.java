package dev.stowage.s3.internal;

import java.io.FilterInputStream;
import java.io.IOException;
import software.amazon.awssdk.core.ResponseInputStream;

/**
 * An object's body. Closing it early aborts the HTTP connection rather than draining a large remainder just to
 * reuse the connection; a small remainder is drained so that the pooled connection is kept.
 */
final class ObjectStream extends FilterInputStream {
    /** Up to this many unread bytes are drained on close instead of dropping the connection. */
    private static final long DRAIN_LIMIT = 128 * 1024;

    private final ResponseInputStream<?> response;
    private long remaining;
    /** Whether a read is blocked in the body now; a close from another thread then aborts instead of draining. */
    private volatile boolean reading;

    /**
     * @param length the body's length from Content-Length, or -1 when not known
     */
    ObjectStream(ResponseInputStream<?> response, long length) {
        super(response);
        this.response = response;
        this.remaining = length < 0 ? Long.MAX_VALUE : length;
    }

    @Override
    public int read() throws IOException {
        int b;
        reading = true;
        try {
            b = super.read();
        } finally {
            reading = false;
        }
        if (b < 0) {
            remaining = 0;
        } else {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n;
        reading = true;
        try {
            n = super.read(b, off, len);
        } finally {
            reading = false;
        }
        if (n < 0) {
            remaining = 0;
        } else {
            remaining -= n;
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (reading || remaining > DRAIN_LIMIT) {
            // closed under a blocked read (a deadline): draining would wait on the same stalled connection
            response.abort();
        } else if (remaining > 0) {
            try {
                response.skipNBytes(remaining);
            } catch (IOException e) {
                response.abort();
            }
        }
        super.close();
    }
}
