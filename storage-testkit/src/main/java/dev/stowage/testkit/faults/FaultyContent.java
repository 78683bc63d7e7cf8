package dev.stowage.testkit.faults;

import dev.stowage.ContentSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.concurrent.atomic.AtomicInteger;

/** Write bodies that misbehave: they break mid-stream or end before their declared length. */
public final class FaultyContent {
    private FaultyContent() {
    }

    /**
     * A repeatable source declaring {@code data.length} bytes that yields the first {@code afterBytes} and then
     * throws an {@link IOException}, as a disk or upstream connection failing mid-transfer would.
     */
    public static ContentSource failingAfter(byte[] data, int afterBytes) {
        return new ContentSource() {
            @Override
            public InputStream open() {
                return new CutInputStream(new ByteArrayInputStream(data), afterBytes);
            }

            @Override
            public long length() {
                return data.length;
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }
        };
    }

    /** A one-shot source declaring {@code declaredLength} bytes that yields only {@code data}. */
    public static ContentSource shorterThanDeclared(byte[] data, long declaredLength) {
        if (declaredLength <= data.length) {
            throw new IllegalArgumentException("declared length must exceed the data's " + data.length + " bytes");
        }
        return ContentSource.ofStream(new ByteArrayInputStream(data), declaredLength);
    }

    /** A one-shot source declaring {@code declaredLength} bytes that yields more, namely {@code data}. */
    public static ContentSource longerThanDeclared(byte[] data, long declaredLength) {
        if (declaredLength >= data.length) {
            throw new IllegalArgumentException("declared length must be below the data's " + data.length + " bytes");
        }
        return ContentSource.ofStream(new ByteArrayInputStream(data), declaredLength);
    }

    /**
     * A source that says it is not repeatable and fails if opened more than once, counting the openings in
     * {@code opens}: proves a store reads a one-shot body once.
     */
    public static ContentSource oneShot(byte[] data, AtomicInteger opens) {
        return new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                if (opens.incrementAndGet() > 1) {
                    throw new IOException("one-shot content opened a second time");
                }
                return new ByteArrayInputStream(data);
            }

            @Override
            public long length() {
                return data.length;
            }

            @Override
            public boolean isRepeatable() {
                return false;
            }
        };
    }

    /**
     * {@code total} bytes of sevens, streamed; once {@code afterBytes} have been handed out, {@code action} runs
     * (drop the server's connections, stop the server) and the stream goes on, as a client mid-upload sees it.
     */
    public static java.io.InputStream actingAfter(long total, long afterBytes, Runnable action) {
        return new java.io.InputStream() {
            private long sent;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] b, int off, int len) {
                if (sent >= afterBytes && sent < afterBytes + len) {
                    action.run();
                }
                if (sent >= total) {
                    return -1;
                }
                int n = (int) Math.min(len, total - sent);
                java.util.Arrays.fill(b, off, off + n, (byte) 7);
                sent += n;
                return n;
            }
        };
    }
}
