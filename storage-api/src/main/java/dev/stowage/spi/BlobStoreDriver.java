package dev.stowage.spi;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.DigestAlgorithm;
import java.net.URI;
import java.util.Optional;
import java.util.Set;

/**
 * What a backend implements: translation only. Keys, prefixes, ranges and options reach a driver already
 * validated; the portable layer pages listings, falls back for copy, maps public URLs and adds the store,
 * operation and key to every error. A driver may throw anything; {@link #translate} turns what it
 * throws into a {@link StorageException} with a portable code and, where it knows one, a hint.
 *
 * <p>Drivers are used by many threads at once.
 */
public interface BlobStoreDriver extends AutoCloseable {

    Capabilities capabilities();

    /**
     * Writes an object atomically: the object is visible whole or not at all. When {@code content.length()}
     * is known, a stream that yields fewer or more bytes must fail the write.
     */
    BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception;

    /**
     * The digests the portable layer should compute while a put of {@code length} bytes ({@code -1}: unknown)
     * streams through, to compare with what {@link #put} reports the server stored ({@link BlobInfo#digests()})
     * and with the size it reports. Ask only for what the backend reports back for such a put: a digest the
     * server does not report costs CPU and checks nothing. A driver that can only check parts (multipart uploads)
     * checks them itself and asks for nothing here.
     */
    default Set<DigestAlgorithm> putDigests(long length) {
        return Set.of();
    }

    /**
     * Opens an object, or a range of it. The range has been checked to be well-formed but not against the
     * size; a driver whose backend reports "range not satisfiable" throws INVALID_ARGUMENT.
     * The returned stream must fail (not end early) when the backend's body is cut short.
     */
    BlobInputStream get(String key, ByteRange range) throws Exception;

    /** Metadata, or a NOT_FOUND failure. */
    BlobInfo stat(String key) throws Exception;

    /**
     * One page of a listing. {@code pageToken} is {@code null} for the first page. Entries must be in
     * ascending UTF-8 byte order of keys and respect prefix, delimiter and startAfter.
     */
    ListPage list(ListOptions options, String pageToken) throws Exception;

    /** Deletes an object; a missing key is not an error. */
    void delete(String key) throws Exception;

    /** Server-side copy; only called when {@link Capabilities#serverSideCopy()} is true. */
    default BlobInfo copy(String sourceKey, String targetKey) throws Exception {
        throw StorageException.of(ErrorCode.UNSUPPORTED, "server-side copy is not supported");
    }

    /** A signed URL; only called when {@link Capabilities#signedUrl()} is true. */
    default URI signedUrl(String key, SignedUrlOptions options) throws Exception {
        throw StorageException.of(ErrorCode.UNSUPPORTED, "signed URLs are not supported");
    }

    /**
     * The backend's own public address for the store's root (e.g. {@code https://bucket.s3.amazonaws.com/}),
     * used when no public URL base is configured. Empty when there is none.
     */
    default Optional<URI> defaultPublicBase() {
        return Optional.empty();
    }

    /**
     * Turns a failure into a portable exception. The default handles {@link StorageException} (as is),
     * file-not-found and other I/O failures; drivers override it to classify their SDK's exceptions and
     * call {@link Errors#classify} for the rest.
     */
    default StorageException translate(Operation operation, String key, Throwable failure) {
        return Errors.classify(failure);
    }

    /**
     * The native client or another object of the given type behind this driver, if any. Drivers override it as
     * {@code return BlobStoreDriver.firstOfType(type, this, client);}.
     */
    default <T> Optional<T> unwrap(Class<T> type) {
        return firstOfType(type, this);
    }

    /** The first candidate that is an instance of {@code type}: what {@link #unwrap} returns. */
    static <T> Optional<T> firstOfType(Class<T> type, Object... candidates) {
        for (Object candidate : candidates) {
            if (type.isInstance(candidate)) {
                return Optional.of(type.cast(candidate));
            }
        }
        return Optional.empty();
    }

    @Override
    void close() throws Exception;
}
