package dev.stowage.testkit.faults;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.ForwardingDriver;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * A driver layer that flips one bit of one byte between the portable layer and the real driver: in what a put
 * sends (so the server stores other bytes than the portable layer hashed) or in what a get returns (so the bytes
 * read are not the stored ones). Use it with {@link dev.stowage.layer.Layers#driver} to prove that such corruption
 * is caught as {@code CORRUPT_DATA}.
 */
public final class CorruptingDriver extends ForwardingDriver {
    /** Where the corruption happens. */
    public enum Where { WRITE, READ }

    private final Where where;
    private final long offset;

    private CorruptingDriver(BlobStoreDriver delegate, Where where, long offset) {
        super(delegate);
        this.where = where;
        this.offset = offset;
    }

    /** A layer corrupting the byte at {@code offset} of every put's content. */
    public static java.util.function.UnaryOperator<BlobStoreDriver> onWrite(long offset) {
        return d -> new CorruptingDriver(d, Where.WRITE, offset);
    }

    /** A layer corrupting the byte at {@code offset} of every get's stream. */
    public static java.util.function.UnaryOperator<BlobStoreDriver> onRead(long offset) {
        return d -> new CorruptingDriver(d, Where.READ, offset);
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        if (where != Where.WRITE) {
            return super.put(key, content, options);
        }
        return super.put(key, content.mapStream(in -> new FlipOne(in, offset)), options);
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        BlobInputStream in = super.get(key, range);
        if (where != Where.READ) {
            return in;
        }
        return new BlobInputStream(new FlipOne(in, offset), in.info(), range);
    }

    /** Flips the lowest bit of the byte at one offset. */
    private static final class FlipOne extends FilterInputStream {
        private final long target;
        private long position;

        FlipOne(InputStream in, long target) {
            super(in);
            this.target = target;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b >= 0 && position++ == target) {
                b ^= 1;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            int n = in.read(buf, off, len);
            if (n > 0 && target >= position && target < position + n) {
                buf[off + (int) (target - position)] ^= 1;
            }
            if (n > 0) {
                position += n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(n);
            position += skipped;
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }
}
