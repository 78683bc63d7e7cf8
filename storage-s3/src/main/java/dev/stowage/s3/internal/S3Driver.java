package dev.stowage.s3.internal;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.ETag;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.ListPage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.core.ResponseInputStream;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CommonPrefix;
import software.amazon.awssdk.services.s3.model.EncodingType;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * The S3 driver: each operation is one SDK call (or a multipart sequence) translated to portable types.
 * Thread-safe: the SDK client is, and the only mutable state is a flag that the bucket was seen to exist.
 */
public final class S3Driver implements BlobStoreDriver {
    private final S3Settings settings;
    private final S3Client s3;
    private final S3Presigner presigner;
    private final S3Errors errors;
    private final ExecutorService uploads;
    private final LargeCopy largeCopy;
    /** Set once any request on the bucket succeeded: a 404 on HEAD then means the key, not the bucket. */
    private volatile boolean bucketSeen;

    public S3Driver(S3Settings settings) {
        this.settings = settings;
        this.s3 = S3Clients.client(settings);
        this.presigner = S3Clients.presigner(settings);
        this.errors = new S3Errors(settings);
        AtomicInteger threads = new AtomicInteger();
        this.uploads = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "stowage-s3-part-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        this.largeCopy = new LargeCopy(s3, uploads, settings.bucket(), settings.uploadConcurrency());
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true)
                .conditionalPut(settings.conditionalWrites()).signedUrl(!settings.anonymous())
                .multipartUpload(true).userMetadata(true).contentType(true).cacheControl(true)
                .digests(settings.md5Etags() ? Set.of(DigestAlgorithm.MD5) : Set.of())
                .requestAttempts(settings.maxAttempts()).build();
    }

    /** MD5 for single PutObjects, whose ETag is the content's MD5; multipart parts are checked by the driver. */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return settings.md5Etags() && length >= 0 && length <= settings.multipartThreshold()
                ? Set.of(DigestAlgorithm.MD5) : Set.of();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        long length = content.length();
        // A signed body is read twice (hash, then send); a one-shot stream can only be read twice from memory.
        boolean oneShotSigned = settings.signsPayload() && !content.isRepeatable();
        if (length >= 0 && length <= (oneShotSigned ? settings.partSize() : settings.multipartThreshold())) {
            if (!oneShotSigned) {
                return putSingle(key, content, length, options);
            }
            try (InputStream in = content.open()) {
                byte[] body = in.readNBytes((int) length);
                if (in.read() >= 0) {
                    throw new IllegalArgumentException("content is longer than its declared length " + length);
                }
                return putSingle(key, ContentSource.ofBytes(body), length, options);
            }
        }
        try (InputStream in = content.open()) {
            int partSize = partSizeFor(length);
            byte[] first = new byte[partSize];
            int firstLength = MultipartUpload.readFully(in, first);
            if (length < 0 && firstLength < partSize) {
                // Unknown length but smaller than a part: one request, no multipart bookkeeping. The portable
                // layer computed no digest for an unknown length, so the ETag is checked here.
                BlobInfo stored = putSingle(key, ContentSource.ofStream(new ByteArrayInputStream(first, 0,
                        firstLength), firstLength), firstLength, options);
                try {
                    Md5Etags.check(settings, "the object", first, firstLength, stored.etag(), null, null);
                } catch (RuntimeException e) {
                    removeAfterFailure(key, e);
                    throw e;
                }
                return stored;
            }
            MultipartUpload.Result result = new MultipartUpload(s3, uploads, settings, key, partSize,
                    S3Requests.bound()).upload(first, firstLength, in, options);
            bucketSeen = true;
            // What the server says it assembled: the parts were checked one by one, the whole by its size.
            return stat(key).toBuilder().etag(result.etag()).build();
        }
    }

    private void removeAfterFailure(String key, Exception failure) {
        S3Requests.bound().cleanUp(failure, within -> s3.deleteObject(d -> d.bucket(settings.bucket()).key(key)
                .overrideConfiguration(within)));
    }

    private int partSizeFor(long length) {
        if (length < 0) {
            return settings.partSize();
        }
        long needed = (length + MultipartUpload.MAX_PARTS - 1) / MultipartUpload.MAX_PARTS;
        long mib = 1024 * 1024;
        return (int) Math.max(settings.partSize(), (needed + mib - 1) / mib * mib);
    }

    private BlobInfo putSingle(String key, ContentSource content, long length, PutOptions options) throws Exception {
        String type = contentType(options);
        PutObjectRequest.Builder req = PutObjectRequest.builder().bucket(settings.bucket()).key(key)
                .contentLength(length).contentType(type).cacheControl(options.cacheControl())
                .overrideConfiguration(S3Requests::withinDeadline);
        if (!options.metadata().isEmpty()) {
            req.metadata(options.metadata());
        }
        if (options.ifNoneMatch() != null) {
            req.ifNoneMatch(options.ifNoneMatch());
        }
        if (options.ifMatch() != null) {
            req.ifMatch(ETag.header(options.ifMatch()));
        }
        try (ReopeningProvider body = new ReopeningProvider(content)) {
            var response = s3.putObject(req.build(), RequestBody.fromContentProvider(body, length, type));
            bucketSeen = true;
            String etag = ETag.normalize(response.eTag());
            return BlobInfo.builder(key).size(length).etag(etag).contentType(type)
                    .cacheControl(options.cacheControl()).userMetadata(options.metadata())
                    .digests(Md5Etags.digests(settings, etag, response.serverSideEncryption(),
                            response.sseCustomerAlgorithm()))
                    .build();
        }
    }

    /** The content type to send: the one given, or S3's generic default. */
    static String contentType(PutOptions options) {
        String type = options.contentType();
        return type == null || type.isBlank() ? "application/octet-stream" : type;
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        ResponseInputStream<GetObjectResponse> in = s3.getObject(r -> r.bucket(settings.bucket()).key(key)
                .overrideConfiguration(S3Requests::withinDeadline)
                .range(range == null || (range.offset() == 0 && range.toEnd()) ? null
                        : "bytes=" + range.offset() + "-" + (range.toEnd() ? "" : range.lastInclusive())));
        bucketSeen = true;
        GetObjectResponse r = in.response();
        String etag = ETag.normalize(r.eTag());
        BlobInfo info = BlobInfo.builder(key).size(totalSize(r)).etag(etag)
                .lastModified(r.lastModified()).contentType(r.contentType()).cacheControl(r.cacheControl())
                .userMetadata(r.metadata())
                .digests(Md5Etags.digests(settings, etag, r.serverSideEncryption(), r.sseCustomerAlgorithm()))
                .build();
        return new BlobInputStream(new ObjectStream(in, r.contentLength() == null ? -1 : r.contentLength()), info,
                range);
    }

    private static long totalSize(GetObjectResponse r) {
        String contentRange = r.contentRange();
        if (contentRange != null) {
            int slash = contentRange.lastIndexOf('/');
            if (slash >= 0 && !contentRange.endsWith("*")) {
                return Long.parseLong(contentRange.substring(slash + 1).strip());
            }
        }
        return r.contentLength() == null ? 0 : r.contentLength();
    }

    @Override
    public BlobInfo stat(String key) throws Exception {
        HeadObjectResponse r;
        try {
            r = s3.headObject(h -> h.bucket(settings.bucket()).key(key)
                    .overrideConfiguration(S3Requests::withinDeadline));
        } catch (NoSuchKeyException e) {
            if (!bucketSeen) {
                // HEAD has no error body: ask about the bucket once so a missing bucket is not reported as a
                // missing key.
                s3.headBucket(h -> h.bucket(settings.bucket()).overrideConfiguration(S3Requests::withinDeadline));
                bucketSeen = true;
            }
            throw e;
        }
        bucketSeen = true;
        String etag = ETag.normalize(r.eTag());
        return BlobInfo.builder(key).size(r.contentLength() == null ? 0 : r.contentLength())
                .etag(etag).lastModified(r.lastModified()).contentType(r.contentType())
                .cacheControl(r.cacheControl()).userMetadata(r.metadata())
                .digests(Md5Etags.digests(settings, etag, r.serverSideEncryption(), r.sseCustomerAlgorithm()))
                .build();
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        ListObjectsV2Request.Builder req = ListObjectsV2Request.builder().bucket(settings.bucket())
                .prefix(options.prefix().isEmpty() ? null : options.prefix()).delimiter(options.delimiter())
                .maxKeys(options.pageSize())
                // Keys may hold characters XML 1.0 cannot carry; the SDK decodes URL-encoded results.
                .encodingType(EncodingType.URL)
                .overrideConfiguration(S3Requests::withinDeadline);
        if (pageToken != null) {
            req.continuationToken(pageToken);
        } else if (options.startAfter() != null) {
            req.startAfter(options.startAfter());
        }
        ListObjectsV2Response r = s3.listObjectsV2(req.build());
        bucketSeen = true;
        List<ListEntry> entries = new ArrayList<>(r.contents().size() + r.commonPrefixes().size());
        for (S3Object o : r.contents()) {
            entries.add(ListEntry.ofBlob(BlobInfo.builder(o.key()).size(o.size() == null ? 0 : o.size())
                    .etag(o.eTag()).lastModified(o.lastModified()).build()));
        }
        for (CommonPrefix p : r.commonPrefixes()) {
            entries.add(ListEntry.ofPrefix(p.prefix()));
        }
        boolean more = Boolean.TRUE.equals(r.isTruncated()) && r.nextContinuationToken() != null;
        return new ListPage(entries, more ? r.nextContinuationToken() : null);
    }

    @Override
    public void delete(String key) throws Exception {
        s3.deleteObject(d -> d.bucket(settings.bucket()).key(key).overrideConfiguration(S3Requests::withinDeadline));
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) throws Exception {
        BlobInfo source = stat(sourceKey);
        String etag;
        if (source.size() > S3Settings.MAX_SINGLE_PUT) {
            etag = largeCopy.copy(sourceKey, targetKey, source, S3Requests.bound());
        } else {
            etag = s3.copyObject(c -> c.sourceBucket(settings.bucket()).sourceKey(sourceKey)
                    .destinationBucket(settings.bucket()).destinationKey(targetKey)
                    .overrideConfiguration(S3Requests::withinDeadline)).copyObjectResult().eTag();
        }
        return BlobInfo.builder(targetKey).size(source.size()).etag(etag).contentType(source.contentType())
                .cacheControl(source.cacheControl()).userMetadata(source.userMetadata()).build();
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        if (options.method() == SignedUrlOptions.Method.PUT) {
            return URI.create(presigner.presignPutObject(p -> p.signatureDuration(options.expiry())
                    .putObjectRequest(r -> r.bucket(settings.bucket()).key(key)
                            .contentType(options.contentType()))).url().toString());
        }
        return URI.create(presigner.presignGetObject(p -> p.signatureDuration(options.expiry())
                .getObjectRequest(r -> r.bucket(settings.bucket()).key(key))).url().toString());
    }

    @Override
    public Optional<URI> defaultPublicBase() {
        return Optional.of(URI.create(PublicUrlMapper.storageUrl(settings.effectiveEndpoint(), settings.bucket(),
                settings.pathStyle()).base()));
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        return errors.translate(operation, failure);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return BlobStoreDriver.firstOfType(type, s3, presigner, this);
    }

    @Override
    public void close() {
        uploads.shutdownNow();
        presigner.close();
        s3.close();
    }

    @Override
    public String toString() {
        return "S3Driver[" + settings + "]";
    }
}
