package dev.stowage.spi;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.InputStream;

/**
 * Yields the requested length, then ends; gives the session back (or discards it) on close. A read meant to reach the
 * end of the file checks that the file does end there: a file replaced by a longer one between the look-up that gave
 * the length and the transfer would otherwise be returned cut to the old length, with the old metadata.
 */
final class LeasedInputStream extends InputStream {
    private final InputStream in;
    private final ConnectionPool<?>.Lease lease;
    private final long length;
    private long remaining;
    private boolean checkEnd;
    private boolean closed;
    private boolean changed;

    /**
     * @param toEnd whether {@code length} bytes reach the end of the file as it was looked up
     */
    LeasedInputStream(InputStream in, long length, boolean toEnd, ConnectionPool<?>.Lease lease) {
        this.in = in;
        this.length = length;
        this.remaining = length;
        this.checkEnd = toEnd;
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
            if (checkEnd) {
                checkEnd = false;
                checkEnded();
            }
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

    /** The file must end where it ended when looked up; a longer one was written meanwhile. */
    private void checkEnded() throws IOException {
        int more;
        try {
            more = in.read();
        } catch (IOException | RuntimeException e) {
            lease.discard();
            throw e;
        }
        if (more >= 0) {
            changed = true;
            throw StorageException.builder(ErrorCode.CORRUPT_DATA, "the file changed while it was read: it is "
                    + "longer than the " + length + " bytes it had when looked up").retryable(true)
                    .hint("it was replaced as it was read; read it again").build();
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
            if (remaining <= 0 && !changed) {
                throw e; // the transfer was complete; the server reported a failure at its end
            }
        } finally {
            lease.close();
        }
    }
}
