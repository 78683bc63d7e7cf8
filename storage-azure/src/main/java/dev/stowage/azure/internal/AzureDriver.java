package dev.stowage.azure.internal;

import com.azure.core.http.rest.PagedResponse;
import com.azure.core.http.rest.Response;
import com.azure.core.util.Context;
import com.azure.core.util.polling.SyncPoller;
import com.azure.storage.blob.BlobClient;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.models.BlobCopyInfo;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobHttpHeaders;
import com.azure.storage.blob.models.BlobItem;
import com.azure.storage.blob.models.BlobItemProperties;
import com.azure.storage.blob.models.BlobListDetails;
import com.azure.storage.blob.models.BlobProperties;
import com.azure.storage.blob.models.BlobRange;
import com.azure.storage.blob.models.BlobRequestConditions;
import com.azure.storage.blob.models.BlobStorageException;
import com.azure.storage.blob.models.BlockBlobItem;
import com.azure.storage.blob.models.ListBlobsOptions;
import com.azure.storage.blob.models.ParallelTransferOptions;
import com.azure.storage.blob.options.BlobBeginCopyOptions;
import com.azure.storage.blob.options.BlobInputStreamOptions;
import com.azure.storage.blob.options.BlobParallelUploadOptions;
import com.azure.storage.blob.sas.BlobSasPermission;
import com.azure.storage.blob.sas.BlobServiceSasSignatureValues;
import com.azure.storage.common.StorageInputStream;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ETag;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.Deadline;
import dev.stowage.spi.LimitedInputStream;
import dev.stowage.spi.ListPage;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Azure Blob Storage through azure-storage-blob: block blobs, uploaded in staged blocks that are committed at
 * the end (so a failed upload leaves nothing visible), read in ranged chunks pinned to the ETag of the first
 * response, copied server-side within the account. Thread-safe: the SDK clients are.
 */
public final class AzureDriver implements BlobStoreDriver {
    private final AzureClients clients;
    private final BlobContainerClient container;
    private final AzureErrors errors;

    public AzureDriver(AzureClients clients) {
        this.clients = clients;
        this.container = clients.container();
        this.errors = new AzureErrors(clients);
    }

    /**
     * The client of one blob. Azure turns a backslash in a blob name into '/', so {@code a\b} and {@code a/b} would be
     * one object and a name listed back would differ from the name written: such keys are refused before any request.
     */
    private BlobClient blob(String key) {
        int at = key.indexOf('\\');
        if (at >= 0) {
            throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, "invalid key for Azure: it contains '\\' at "
                    + "index " + at + ", which Azure stores as '/' (so it would name another object)")
                    .hint("replace '\\' in the key, e.g. with '/' or '%5C'").build();
        }
        return container.getBlobClient(key);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).conditionalPut(true)
                .signedUrl(clients.canSign()).multipartUpload(true).userMetadata(true).contentType(true)
                .cacheControl(true).digests(DigestAlgorithm.MD5).requestAttempts(clients.requestAttempts()).build();
    }

    /**
     * MD5 for a put sent as one Put Blob, whose response carries the MD5 the service computed of what it stored; a
     * put of staged blocks reports no content digest.
     */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return singleShot(length) ? Set.of(DigestAlgorithm.MD5) : Set.of();
    }

    private boolean singleShot(long length) {
        return length >= 0 && length <= 4L * clients.blockSize();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        BlobClient blob = blob(key);
        BlobHttpHeaders headers = new BlobHttpHeaders().setContentType(options.contentType())
                .setCacheControl(options.cacheControl());
        BlobRequestConditions conditions = new BlobRequestConditions();
        if (options.ifNoneMatch() != null) {
            conditions.setIfNoneMatch("*");
        }
        if (options.ifMatch() != null) {
            conditions.setIfMatch(ETag.header(options.ifMatch()));
        }
        // The SDK buffers up to the single-shot threshold to choose between one Put Blob and staged blocks. For an
        // unknown length it is one block, so a stream is never held whole; a known length up to four blocks goes
        // in one request, as the SDK itself would send it.
        long length = content.length();
        long singleShot = singleShot(length) ? Math.max(length, 1) : clients.blockSize();
        ParallelTransferOptions transfer = new ParallelTransferOptions().setBlockSizeLong((long) clients.blockSize())
                .setMaxSingleUploadSizeLong(singleShot).setMaxConcurrency(clients.concurrency());
        try (CountingInputStream in = new CountingInputStream(content.open())) {
            BlobParallelUploadOptions upload = (length >= 0 ? new BlobParallelUploadOptions(in, length)
                    : new BlobParallelUploadOptions(in))
                    .setHeaders(headers).setMetadata(AzureMetadata.encode(options.metadata()))
                    .setRequestConditions(conditions).setParallelTransferOptions(transfer);
            Response<BlockBlobItem> response;
            try {
                response = blob.uploadWithResponse(upload, null, Context.NONE);
            } catch (BlobStorageException e) {
                throw conditionFailure(e, options);
            }
            BlockBlobItem item = response.getValue();
            return BlobInfo.builder(key).size(length >= 0 ? length : in.count()).etag(item.getETag())
                    .lastModified(item.getLastModified() == null ? null : item.getLastModified().toInstant())
                    .contentType(options.contentType() != null ? options.contentType() : "application/octet-stream")
                    .cacheControl(options.cacheControl()).userMetadata(options.metadata())
                    // a block list's Content-MD5 is that of the list, not of the content
                    .digests(singleShot(length) && item.getContentMd5() != null
                            ? Digests.of(DigestAlgorithm.MD5, item.getContentMd5()) : Digests.none())
                    .build();
        }
    }

    /** A failed condition is reported as such; Azure answers 409 or 404 for some of them. */
    private Exception conditionFailure(BlobStorageException e, PutOptions options) {
        BlobErrorCode code = e.getErrorCode();
        boolean failed = options.isConditional() && (e.getStatusCode() == 412
                || BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)
                || (options.ifMatch() != null && BlobErrorCode.BLOB_NOT_FOUND.equals(code)));
        if (!failed) {
            return e;
        }
        String detail = options.ifNoneMatch() != null ? "an object already exists under this key (ifNoneMatch=*)"
                : "the object's ETag is not " + options.ifMatch() + " (ifMatch)";
        return StorageException.builder(ErrorCode.PRECONDITION_FAILED, detail).cause(e).build();
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        BlobClient blob = blob(key);
        BlobInputStreamOptions options = new BlobInputStreamOptions().setBlockSize(clients.blockSize());
        if (range != null) {
            options.setRange(new BlobRange(range.offset(), range.toEnd() ? null : range.length()));
        }
        // The SDK reads the first block whole before it returns, in this call (which the deadline interrupts).
        com.azure.storage.blob.specialized.BlobInputStream in = blob.openInputStream(options);
        BlobProperties properties = in.getProperties();
        BlobInfo info = info(key, properties);
        long start = range == null ? 0 : range.offset();
        long end = range == null || range.toEnd() ? properties.getBlobSize()
                : Math.min(properties.getBlobSize(), start + range.length());
        long first = Math.min(end - start, clients.blockSize());
        if (end - start <= first) {
            return new BlobInputStream(in, info, range);
        }
        // The SDK's stream holds the first block: it is read no further, or it would fetch the blocks after the first
        // with no timeout but the request timeout, and closing it waits for a read blocked on its socket. They are
        // read here instead, each request cut to the call's deadline.
        Deadline deadline = Deadline.current().filter(Deadline::coversStreams).orElse(null);
        InputStream rest = new LaterBlocks(blob, start + first, end - start - first, clients.blockSize(),
                properties.getBlobSize(), new BlobRequestConditions().setIfMatch(properties.getETag()), deadline);
        return new BlobInputStream(new SequenceInputStream(new LimitedInputStream(in, first), rest), info, range);
    }

    /**
     * The blocks of a download after its first, each a ranged Get Blob pinned to the ETag of the first response, as
     * the SDK's stream sends them; under a deadline that covers the reading of returned streams, each request is given
     * what is left of it, and one stalled on its socket is dropped when that runs out.
     */
    private static final class LaterBlocks extends StorageInputStream {
        private final BlobClient blob;
        private final BlobRequestConditions pinned;
        private final Deadline deadline;

        LaterBlocks(BlobClient blob, long offset, long length, int blockSize, long blobSize,
                    BlobRequestConditions pinned, Deadline deadline) {
            super(offset, length, blockSize, blobSize);
            this.blob = blob;
            this.pinned = pinned;
            this.deadline = deadline;
        }

        @Override
        protected synchronized ByteBuffer dispatchRead(int readLength, long offset) throws IOException {
            Duration timeout = deadline == null ? null : deadline.remainingAsTimeout();
            try {
                ByteBuffer block = blob.downloadContentWithResponse(null, pinned,
                        new BlobRange(offset, (long) readLength), false, timeout, Context.NONE).getValue()
                        .toByteBuffer();
                bufferSize = readLength;
                bufferStartOffset = offset;
                return block;
            } catch (BlobStorageException | IllegalStateException e) {
                // IllegalStateException: the SDK's wait for the block ran out of the time it was given
                streamFaulted = true;
                lastError = new IOException(e);
                throw lastError;
            }
        }
    }

    @Override
    public BlobInfo stat(String key) {
        return info(key, blob(key).getProperties());
    }

    private static BlobInfo info(String key, BlobProperties p) {
        return BlobInfo.builder(key).size(p.getBlobSize()).etag(p.getETag())
                .lastModified(p.getLastModified() == null ? null : p.getLastModified().toInstant())
                .contentType(p.getContentType()).cacheControl(p.getCacheControl())
                .userMetadata(AzureMetadata.decode(p.getMetadata()))
                .digests(p.getContentMd5() == null || p.getContentMd5().length != 16 ? Digests.none()
                        : Digests.of(DigestAlgorithm.MD5, p.getContentMd5()))
                .build();
    }


    @Override
    public ListPage list(ListOptions options, String pageToken) {
        ListBlobsOptions request = new ListBlobsOptions().setMaxResultsPerPage(options.pageSize())
                .setDetails(new BlobListDetails().setRetrieveMetadata(true));
        if (!options.prefix().isEmpty()) {
            request.setPrefix(options.prefix());
        }
        var pages = options.delimiter() == null
                ? container.listBlobs(request, pageToken, null).iterableByPage(pageToken)
                : container.listBlobsByHierarchy(options.delimiter(), request, null).iterableByPage(pageToken);
        Iterator<PagedResponse<BlobItem>> it = pages.iterator();
        if (!it.hasNext()) {
            return new ListPage(List.of(), null);
        }
        PagedResponse<BlobItem> page = it.next();
        List<ListEntry> entries = new ArrayList<>();
        // Azure has no "start after" parameter; the portable layer drops what lies at or before it.
        for (BlobItem item : page.getValue()) {
            entries.add(Boolean.TRUE.equals(item.isPrefix()) ? ListEntry.ofPrefix(item.getName())
                    : ListEntry.ofBlob(info(item)));
        }
        String next = page.getContinuationToken();
        return new ListPage(entries, next == null || next.isEmpty() ? null : next);
    }

    private static BlobInfo info(BlobItem item) {
        BlobItemProperties p = item.getProperties();
        return BlobInfo.builder(item.getName()).size(p.getContentLength() == null ? 0 : p.getContentLength())
                .etag(p.getETag()).lastModified(p.getLastModified() == null ? null : p.getLastModified().toInstant())
                .contentType(p.getContentType()).cacheControl(p.getCacheControl())
                .userMetadata(AzureMetadata.decode(item.getMetadata())).build();
    }

    @Override
    public void delete(String key) {
        try {
            blob(key).delete();
        } catch (BlobStorageException e) {
            if (!BlobErrorCode.BLOB_NOT_FOUND.equals(e.getErrorCode())) {
                throw e;
            }
        }
    }

    /**
     * Copy Blob within the account: the service copies without the bytes passing through the client, and
     * the caller's shared key or token authorizes reading the source (Copy Blob From URL would need a SAS).
     */
    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        BlobClient source = blob(sourceKey);
        BlobClient target = blob(targetKey);
        SyncPoller<BlobCopyInfo, Void> poller = target.beginCopy(
                new BlobBeginCopyOptions(source.getBlobUrl()).setPollInterval(Duration.ofMillis(200)));
        poller.waitForCompletion();
        return stat(targetKey);
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        if (!clients.canSign()) {
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "SAS URLs need the account key")
                    .hint("configure accountKey or a connectionString with AccountKey=...; this store uses "
                            + clients.credentialSource())
                    .build();
        }
        BlobClient blob = blob(key);
        BlobSasPermission permission = options.method() == SignedUrlOptions.Method.GET
                ? new BlobSasPermission().setReadPermission(true)
                : new BlobSasPermission().setCreatePermission(true).setWritePermission(true);
        BlobServiceSasSignatureValues values = new BlobServiceSasSignatureValues(
                OffsetDateTime.now().plus(options.expiry()), permission);
        if (options.contentType() != null) {
            values.setContentType(options.contentType());
        }
        return URI.create(blob.getBlobUrl() + "?" + blob.generateSas(values));
    }

    @Override
    public Optional<URI> defaultPublicBase() {
        return Optional.of(URI.create(container.getBlobContainerUrl() + "/"));
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        return errors.translate(operation, failure);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return BlobStoreDriver.firstOfType(type, this, container, clients.service());
    }

    @Override
    public void close() {
        // The SDK's shared HTTP client and its event loop live for the JVM; there is nothing per store to close.
    }

    /** Counts the bytes an upload reads, which is the object's size when the length was not known. */
    private static final class CountingInputStream extends java.io.FilterInputStream {
        private long count;

        CountingInputStream(InputStream in) {
            super(in);
        }

        long count() {
            return count;
        }

        @Override
        public int read() throws java.io.IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws java.io.IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    @Override
    public String toString() {
        return "AzureDriver[" + clients.account() + "/" + clients.containerName() + "]";
    }

}
