package dev.stowage.spi;

import java.io.IOException;
import java.io.InputStream;

/** Yields the requested length, then ends; gives the session back (or discards it) on close. */
final class LeasedInputStream extends InputStream {
    private final InputStream in;
    private final ConnectionPool<?>.Lease lease;
    private long remaining;
    private boolean closed;

    LeasedInputStream(InputStream in, long length, ConnectionPool<?>.Lease lease) {
        this.in = in;
        this.remaining = length;
        this.lease = lease;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining <= 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n > 0) {
                remaining -= n;
            } else if (n < 0) {
                remaining = 0; // cut short: the caller's length check reports it
                lease.discard();
            }
            return n;
        } catch (IOException | RuntimeException e) {
            lease.discard();
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            in.close();
        } catch (IOException | RuntimeException e) {
            lease.discard();
            if (remaining <= 0) {
                throw e; // the transfer was complete; the server reported a failure at its end
            }
        } finally {
            lease.close();
        }
    }
}
