package dev.stowage;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * A store of objects addressed by key: a bucket, a container, a folder on a file server.
 *
 * <p>Every call blocks and streams: no call holds a whole object in memory. Keys are checked by
 * {@link Keys#validate} before any I/O. Every failure is a {@link StorageException} carrying a portable
 * {@link ErrorCode}. Stores are safe for use by many threads at once; close them when done.
 *
 * <p>Open one with {@link BlobStores#open(String)} or from a {@link StoreRegistry}.
 */
public interface BlobStore extends AutoCloseable {

    /** The store's name: its configured name, or its URI without credentials. */
    String name();

    /** What this store does natively. */
    Capabilities capabilities();

    /**
     * Writes an object, replacing any object under the key. The object becomes visible whole or not at
     * all: a failed write leaves the previous object (or none) in place.
     */
    BlobInfo put(String key, ContentSource content, PutOptions options);

    /** Writes an object from a stream of known length ({@link ContentSource#UNKNOWN_LENGTH} if unknown). */
    default BlobInfo put(String key, InputStream content, long length, PutOptions options) {
        return put(key, ContentSource.ofStream(content, length), options);
    }

    /** Writes a small object held in memory. */
    default BlobInfo put(String key, byte[] content) {
        return put(key, ContentSource.ofBytes(content), PutOptions.defaults());
    }

    /** Writes a file's content. */
    default BlobInfo put(String key, Path file, PutOptions options) {
        return put(key, ContentSource.ofPath(file), options);
    }

    /** Opens an object for reading. Close the stream. */
    default BlobInputStream get(String key) {
        return get(key, null);
    }

    /**
     * Opens a byte range of an object, or the whole object when {@code range} is {@code null}.
     * A range running past the end is cut at the end; one starting past the end fails with
     * {@link ErrorCode#INVALID_ARGUMENT}.
     */
    BlobInputStream get(String key, ByteRange range);

    /** Reads a whole small object into memory. */
    default byte[] getBytes(String key) {
        try (BlobInputStream in = get(key)) {
            return in.readAllBytes();
        } catch (java.io.IOException e) {
            throw new UncheckedIOException("reading '" + key + "' from " + name(), e);
        }
    }

    /** Metadata of an object; {@link ErrorCode#NOT_FOUND} if there is none. */
    BlobInfo stat(String key);

    /** Whether an object exists under the key. */
    boolean exists(String key);

    /**
     * Lists entries in ascending key order, fetching pages as the stream is consumed: listing a
     * million keys holds one page at a time. Close the stream (try-with-resources) when not consuming it fully.
     */
    Stream<ListEntry> list(ListOptions options);

    /** Deletes an object. Deleting a missing key is not an error. */
    void delete(String key);

    /**
     * Copies an object within this store, server-side where the backend can, otherwise by streaming it
     * through the client. Returns the new object's metadata.
     */
    BlobInfo copy(String sourceKey, String targetKey);

    /**
     * The URL a browser fetches the object from, built from the configured public URL base, CNAME or CDN
     * prefix (or the backend's own public address). Never fetches anything.
     * Fails with {@link ErrorCode#UNSUPPORTED} when the store has no public address.
     */
    URI publicUrl(String key);

    /**
     * A temporary signed URL for the object. Fails with {@link ErrorCode#UNSUPPORTED} when the
     * backend cannot sign (see {@link Capabilities#signedUrl()}).
     */
    URI signedUrl(String key, SignedUrlOptions options);

    /**
     * Reaches the native client or an underlying store: the SDK client of a driver, or a wrapped store
     * of a layer. Empty when nothing of that type is behind this store.
     */
    <T> Optional<T> unwrap(Class<T> type);

    /** Releases connections and threads. Streams already returned must be closed by their users. */
    @Override
    void close();
}
