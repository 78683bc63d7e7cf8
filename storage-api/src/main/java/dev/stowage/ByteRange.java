package dev.stowage;

/**
 * A byte range of an object to read: from {@code offset}, {@code length} bytes, or to the end when
 * {@code length} is {@link #TO_END}. A range that runs past the end of the object is cut at the end;
 * a range that starts past the end is an error.
 */
public record ByteRange(long offset, long length) {
    /** The length meaning "to the end of the object". */
    public static final long TO_END = -1;

    public ByteRange {
        if (offset < 0) {
            throw new IllegalArgumentException("range offset must be >= 0, was " + offset);
        }
        if (length < 0 && length != TO_END) {
            throw new IllegalArgumentException("range length must be >= 0 or TO_END, was " + length);
        }
    }

    /** Bytes from {@code offset} to the end. */
    public static ByteRange from(long offset) {
        return new ByteRange(offset, TO_END);
    }

    /** {@code length} bytes from {@code offset}. */
    public static ByteRange of(long offset, long length) {
        return new ByteRange(offset, length);
    }

    public boolean toEnd() {
        return length == TO_END;
    }

    /** The last byte's offset (inclusive), or -1 when reading to the end. */
    public long lastInclusive() {
        return toEnd() ? -1 : offset + length - 1;
    }

    /** The number of bytes this range covers in an object of the given size. */
    public long lengthWithin(long size) {
        if (offset >= size) {
            return 0;
        }
        long available = size - offset;
        return toEnd() ? available : Math.min(length, available);
    }

    /** The value of an HTTP Range header for this range, e.g. {@code bytes=10-19}. */
    public String toHttpHeader() {
        return "bytes=" + offset + "-" + (toEnd() ? "" : String.valueOf(offset + length - 1));
    }

    @Override
    public String toString() {
        return toHttpHeader();
    }
}
