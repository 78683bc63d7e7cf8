package dev.stowage;

import java.io.FilterInputStream;
import java.io.InputStream;
import java.util.Objects;

/**
 * The content of an object being read, with the metadata of the version being read. Close it.
 * A stream that ends before the expected number of bytes throws {@link StorageException} with
 * {@link ErrorCode#CORRUPT_DATA} rather than looking like a short object.
 */
public class BlobInputStream extends FilterInputStream {
    private final BlobInfo info;
    private final ByteRange range;

    /**
     * @param in    the content
     * @param info  metadata of the object (its full size, not the range's)
     * @param range the range being read, or {@code null} for the whole object
     */
    public BlobInputStream(InputStream in, BlobInfo info, ByteRange range) {
        super(Objects.requireNonNull(in, "in"));
        this.info = Objects.requireNonNull(info, "info");
        this.range = range;
    }

    /** Metadata of the object being read. */
    public BlobInfo info() {
        return info;
    }

    /** The range being read, or {@code null} for the whole object. */
    public ByteRange range() {
        return range;
    }

    /**
     * Copies the rest of the content with a buffer of up to 64 KiB: the JDK's 8 KiB default costs measurable
     * throughput on large objects read from fast backends.
     */
    @Override
    public long transferTo(java.io.OutputStream out) throws java.io.IOException {
        java.util.Objects.requireNonNull(out, "out");
        // sized to the content, so small objects do not pay for a large buffer
        byte[] buffer = new byte[(int) Math.max(512, Math.min(64 * 1024, contentLength()))];
        long total = 0;
        int n;
        while ((n = read(buffer, 0, buffer.length)) >= 0) {
            out.write(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /** How many bytes this stream yields in all. */
    public long contentLength() {
        return range == null ? info.size() : range.lengthWithin(info.size());
    }
}
