package dev.stowage.spi;

import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * Computes digests of the bytes read through it, for checking what a backend stored or sent. The digests cover
 * exactly the bytes read; {@link #digests()} is meant to be called after the stream reached its end.
 */
public final class DigestingInputStream extends FilterInputStream {
    private final BackgroundDigests hashers;
    private long count;
    private boolean ended;
    private Digests result;

    public DigestingInputStream(InputStream in, Set<DigestAlgorithm> algorithms) {
        super(in);
        this.hashers = new BackgroundDigests(algorithms);
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        ended |= b < 0;
        if (b >= 0) {
            update(new byte[] {(byte) b}, 0, 1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        ended |= n < 0;
        if (n > 0) {
            update(b, off, n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipped bytes must be hashed too, so read them.
        byte[] buf = new byte[(int) Math.min(8192, Math.max(n, 1))];
        long left = n;
        while (left > 0) {
            int r = read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                break;
            }
            left -= r;
        }
        return n - left;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public synchronized void mark(int readlimit) {
        // not supported: a reset would hash bytes twice
    }

    @Override
    public synchronized void reset() throws IOException {
        throw new IOException("reset is not supported while computing digests");
    }

    private void update(byte[] b, int off, int len) {
        if (result != null) {
            throw new IllegalStateException("digests were already taken");
        }
        count += len;
        hashers.update(b, off, len);
    }

    /** Whether a read reached the end of the stream. */
    public boolean ended() {
        return ended;
    }

    /** The number of bytes read so far. */
    public long count() {
        return count;
    }

    /** The digests of every byte read; the first call ends the computation. */
    public Digests digests() {
        if (result == null) {
            result = hashers.finish();
        }
        return result;
    }

    /**
     * {@code in}, hashed with {@code algorithms}; when a read reaches the end of the stream, {@code atEnd} gets the
     * digests of every byte read, once. It may throw an unchecked exception (e.g. CORRUPT_DATA) to fail that read.
     * Skipped bytes are read and hashed too, so the check covers every byte.
     */
    public static InputStream checkedAtEnd(InputStream in, Set<DigestAlgorithm> algorithms,
                                           java.util.function.Consumer<Digests> atEnd) {
        return new CheckedAtEnd(new DigestingInputStream(in, algorithms), atEnd);
    }

    private static final class CheckedAtEnd extends FilterInputStream {
        private final DigestingInputStream digesting;
        private final java.util.function.Consumer<Digests> atEnd;
        private boolean checked;

        CheckedAtEnd(DigestingInputStream in, java.util.function.Consumer<Digests> atEnd) {
            super(in);
            this.digesting = in;
            this.atEnd = atEnd;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                check();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return digesting.skip(n);
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check() {
            if (!checked) {
                checked = true;
                atEnd.accept(digesting.digests());
            }
        }
    }
}
