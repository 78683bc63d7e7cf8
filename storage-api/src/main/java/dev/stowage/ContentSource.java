package dev.stowage;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;

/**
 * The body of a write: a stream of known or unknown length. A repeatable source can be opened more
 * than once, which lets the retry layer try a failed write again.
 */
public interface ContentSource {
    /** The length meaning "not known in advance". */
    long UNKNOWN_LENGTH = -1;

    /** Opens the content. A non-repeatable source may be opened once only. */
    InputStream open() throws IOException;

    /** The length in bytes, or {@link #UNKNOWN_LENGTH}. */
    long length();

    /** Whether {@link #open()} may be called again after a failed attempt. */
    boolean isRepeatable();

    /**
     * This content with every stream it opens passed through {@code wrap} (to count, hash or check the bytes); the
     * length and repeatability stay the same.
     */
    default ContentSource mapStream(java.util.function.UnaryOperator<InputStream> wrap) {
        Objects.requireNonNull(wrap, "wrap");
        ContentSource content = this;
        return new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                return wrap.apply(content.open());
            }

            @Override
            public long length() {
                return content.length();
            }

            @Override
            public boolean isRepeatable() {
                return content.isRepeatable();
            }
        };
    }

    /** Content held in memory; for small objects. */
    static ContentSource ofBytes(byte[] bytes) {
        Objects.requireNonNull(bytes, "bytes");
        return new ContentSource() {
            @Override
            public InputStream open() {
                return new ByteArrayInputStream(bytes);
            }

            @Override
            public long length() {
                return bytes.length;
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public String toString() {
                return "bytes[" + bytes.length + "]";
            }
        };
    }

    /** The content of a file, streamed. */
    static ContentSource ofPath(Path path) {
        Objects.requireNonNull(path, "path");
        return new ContentSource() {
            @Override
            public InputStream open() throws IOException {
                return Files.newInputStream(path);
            }

            @Override
            public long length() {
                try {
                    return Files.size(path);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("cannot read the size of " + path, e);
                }
            }

            @Override
            public boolean isRepeatable() {
                return true;
            }

            @Override
            public String toString() {
                return "file " + path;
            }
        };
    }

    /**
     * A one-shot stream. {@code length} is the exact number of bytes it will yield, or
     * {@link #UNKNOWN_LENGTH}; a stream that ends early or runs long fails the write.
     */
    static ContentSource ofStream(InputStream in, long length) {
        Objects.requireNonNull(in, "in");
        if (length < 0 && length != UNKNOWN_LENGTH) {
            throw new IllegalArgumentException("length must be >= 0 or UNKNOWN_LENGTH, was " + length);
        }
        return new ContentSource() {
            private boolean opened;

            @Override
            public synchronized InputStream open() {
                if (opened) {
                    throw new IllegalStateException("this stream content source was already consumed; "
                            + "use ContentSource.ofBytes or ofPath for a repeatable source");
                }
                opened = true;
                return in;
            }

            @Override
            public long length() {
                return length;
            }

            @Override
            public boolean isRepeatable() {
                return false;
            }

            @Override
            public String toString() {
                return "stream[" + (length < 0 ? "unknown length" : length) + "]";
            }
        };
    }
}
