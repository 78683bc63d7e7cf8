package dev.stowage.testkit.faults;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/** Yields the first bytes of a stream, then fails as a dropped connection would. */
final class CutInputStream extends FilterInputStream {
    private long remaining;

    CutInputStream(InputStream in, long afterBytes) {
        super(in);
        this.remaining = afterBytes;
    }

    @Override
    public int read() throws IOException {
        if (remaining <= 0) {
            throw cut();
        }
        int b = super.read();
        if (b >= 0) {
            remaining--;
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (remaining <= 0) {
            throw cut();
        }
        int n = super.read(buf, off, (int) Math.min(len, remaining));
        if (n > 0) {
            remaining -= n;
        }
        return n;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private static IOException cut() {
        return new IOException("connection reset (injected fault: stream cut)");
    }
}
