package dev.stowage.spi;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A stream that knows whether a read reached its end, for drivers whose close must differ before the end (abandon
 * the transfer, drop the connection) and after it (finish the exchange, reuse the connection).
 */
public abstract class EndTrackingInputStream extends FilterInputStream {
    private volatile boolean ended;

    protected EndTrackingInputStream(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        ended |= b < 0;
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        ended |= n < 0;
        return n;
    }

    /** Whether a read returned the end of the stream. */
    protected boolean ended() {
        return ended;
    }
}
