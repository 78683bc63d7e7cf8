package dev.stowage.internal;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.Function;

/**
 * Fails instead of ending quietly when a stream yields fewer bytes than expected, and fails when it yields
 * more. Guards reads (a cut-off body is never a short object) and writes (a source shorter than its declared
 * length fails the put).
 */
public final class ExactLengthInputStream extends FilterInputStream {
    private final long expected;
    private final Function<String, RuntimeException> failure;
    private long count;

    /**
     * @param expected the exact number of bytes the stream must yield
     * @param failure  makes the exception to throw from a description of the mismatch
     */
    public ExactLengthInputStream(InputStream in, long expected, Function<String, RuntimeException> failure) {
        super(in);
        this.expected = expected;
        this.failure = failure;
    }

    /** For reads: a mismatch is CORRUPT_DATA naming the store and key. */
    public static ExactLengthInputStream forRead(InputStream in, long expected, String store, String key) {
        return new ExactLengthInputStream(in, expected, detail -> StorageException
                .builder(ErrorCode.CORRUPT_DATA, detail).store(store).operation(dev.stowage.Operation.GET).key(key)
                .retryable(true).hint("the connection was probably cut; read again").build());
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            checkEnd();
        } else {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        int n = super.read(buf, off, len);
        if (n < 0) {
            checkEnd();
        } else {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void count(long n) {
        count += n;
        if (count > expected) {
            throw failure.apply("stream yielded more than the expected " + expected + " bytes");
        }
    }

    private void checkEnd() {
        if (count < expected) {
            throw failure.apply("stream ended after " + count + " of " + expected + " bytes");
        }
    }
}
