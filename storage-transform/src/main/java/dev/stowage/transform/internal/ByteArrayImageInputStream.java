package dev.stowage.transform.internal;

import java.io.IOException;
import java.util.Objects;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An {@link javax.imageio.stream.ImageInputStream} over bytes already in memory. ImageIO's own stream over an
 * {@code InputStream} copies everything it reads into a cache (or a temporary file); the source is already
 * held once, bounded by the source-size limit, so this reads it in place.
 *
 * <p>Bulk reads also check the transform's deadline. The JDK's JPEG reader runs libjpeg in native code, which
 * reads a progressive file's every scan before reporting any progress, so a progress listener cannot stop it;
 * but libjpeg pulls its input through this stream a few kilobytes at a time, and an {@link IOException} here
 * makes it give up at once. Measured: a 2560×1600 JPEG with 3,000 repeated scans ran 231 s past a 20 s limit
 * before this check, and stops at the limit with it.
 */
final class ByteArrayImageInputStream extends ImageInputStreamImpl {
    private final byte[] data;
    private final long deadline;
    private volatile boolean expired;

    ByteArrayImageInputStream(byte[] data, long deadlineNanos) {
        this.data = data;
        this.deadline = deadlineNanos;
    }

    /** Whether a read was refused because the deadline had passed. */
    boolean expired() {
        return expired;
    }

    @Override
    public int read() {
        bitOffset = 0;
        if (streamPos >= data.length) {
            return -1;
        }
        return data[(int) streamPos++] & 0xFF;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (System.nanoTime() - deadline > 0) {
            expired = true;
            throw new IOException("the transform's time limit has passed");
        }
        bitOffset = 0;
        if (len == 0) {
            return 0;
        }
        if (streamPos >= data.length) {
            return -1;
        }
        int n = (int) Math.min(len, data.length - streamPos);
        System.arraycopy(data, (int) streamPos, b, off, n);
        streamPos += n;
        return n;
    }

    @Override
    public long length() {
        return data.length;
    }

    @Override
    public boolean isCached() {
        return true;
    }

    @Override
    public boolean isCachedMemory() {
        return true;
    }
}
