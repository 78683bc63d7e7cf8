package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ContentSource;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.function.Supplier;
import java.util.stream.Stream;

/**
 * Reports every call, its duration and its failure to a {@link StoreListener}, and the end of every content stream
 * a get returned: how many bytes were read, and the failure of a read that broke off.
 */
final class ObservedBlobStore extends ForwardingBlobStore {
    private final StoreListener listener;

    ObservedBlobStore(BlobStore delegate, StoreListener listener) {
        super(delegate);
        this.listener = listener;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        return observe(Operation.PUT, key, () -> {
            BlobInfo stored = delegate.put(key, content, options);
            listener.onWrite(name(), key, stored.size());
            return stored;
        });
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        long start = System.nanoTime();
        BlobInputStream in = observe(Operation.GET, key, () -> delegate.get(key, range));
        return new BlobInputStream(new ObservedStream(in, key, start), in.info(), in.range());
    }

    /** Counts what is read and reports, once, how the stream ended. */
    private final class ObservedStream extends FilterInputStream {
        private final String key;
        private final long start;
        private long bytes;
        private boolean reported;

        ObservedStream(InputStream in, String key, long start) {
            super(in);
            this.key = key;
            this.start = start;
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                if (b >= 0) {
                    bytes++;
                }
                return b;
            } catch (IOException | RuntimeException e) {
                failed(e);
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    bytes += n;
                }
                return n;
            } catch (IOException | RuntimeException e) {
                failed(e);
                throw e;
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try {
                return in.skip(n); // skipped bytes were not read: not counted
            } catch (IOException | RuntimeException e) {
                failed(e);
                throw e;
            }
        }

        @Override
        public void close() throws IOException {
            try {
                in.close();
            } finally {
                report(null);
            }
        }

        private void failed(Exception e) {
            report(e instanceof StorageException se ? se : Errors.classify(e));
        }

        private void report(StorageException failure) {
            if (!reported) {
                reported = true;
                listener.onStreamEnd(name(), key, bytes, System.nanoTime() - start, failure);
            }
        }
    }

    @Override
    public BlobInfo stat(String key) {
        return observe(Operation.STAT, key, () -> delegate.stat(key));
    }

    @Override
    public boolean exists(String key) {
        return observe(Operation.EXISTS, key, () -> delegate.exists(key));
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        return observe(Operation.LIST, options == null ? null : options.prefix(), () -> delegate.list(options));
    }

    @Override
    public void delete(String key) {
        observe(Operation.DELETE, key, () -> {
            delegate.delete(key);
            return null;
        });
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        return observe(Operation.COPY, sourceKey, () -> delegate.copy(sourceKey, targetKey));
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        return observe(Operation.SIGNED_URL, key, () -> delegate.signedUrl(key, options));
    }

    private <T> T observe(Operation op, String key, Supplier<T> call) {
        long start = System.nanoTime();
        try {
            T result = call.get();
            listener.onCall(name(), op, key, System.nanoTime() - start, null);
            return result;
        } catch (StorageException e) {
            listener.onCall(name(), op, key, System.nanoTime() - start, e);
            throw e;
        }
    }
}
