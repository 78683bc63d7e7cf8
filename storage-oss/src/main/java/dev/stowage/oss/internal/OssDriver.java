package dev.stowage.oss.internal;

import com.aliyun.oss.HttpMethod;
import com.aliyun.oss.OSS;
import com.aliyun.oss.model.AbortMultipartUploadRequest;
import com.aliyun.oss.model.CompleteMultipartUploadRequest;
import com.aliyun.oss.model.GeneratePresignedUrlRequest;
import com.aliyun.oss.model.GetObjectRequest;
import com.aliyun.oss.model.InitiateMultipartUploadRequest;
import com.aliyun.oss.model.ListObjectsV2Request;
import com.aliyun.oss.model.ListObjectsV2Result;
import com.aliyun.oss.model.OSSObject;
import com.aliyun.oss.model.OSSObjectSummary;
import com.aliyun.oss.model.ObjectMetadata;
import com.aliyun.oss.model.PartETag;
import com.aliyun.oss.model.PutObjectRequest;
import com.aliyun.oss.model.PutObjectResult;
import com.aliyun.oss.model.UploadPartRequest;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ETag;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.EndTrackingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A bucket of Alibaba Cloud OSS through the official SDK. Content of unknown length, or longer than a single PUT
 * may carry, goes up as a multipart upload that is aborted when anything fails. The SDK's client is thread-safe,
 * and so is this driver.
 */
public final class OssDriver implements BlobStoreDriver {
    /** The largest object a single PutObject may carry. */
    private static final long MAX_SINGLE_PUT = 5L * 1024 * 1024 * 1024;

    private final OSS client;
    private final OssSettings settings;
    private final OssErrors errors;

    public OssDriver(OSS client, OssSettings settings) {
        this.client = client;
        this.settings = settings;
        this.errors = new OssErrors(settings);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).signedUrl(true).multipartUpload(true)
                .userMetadata(true).contentType(true).cacheControl(true).digests(DigestAlgorithm.MD5)
                .requestAttempts(settings.requestAttempts()).build();
    }

    /**
     * MD5: the ETag of an object written by one PutObject is its content's MD5 (upper-case hex). An unknown length
     * is hashed too, since most such uploads fit one part and go as one PutObject; a multipart object's ETag is not
     * a content digest, and its parts are checked by the SDK's CRC-64.
     */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return length <= MAX_SINGLE_PUT ? Set.of(DigestAlgorithm.MD5) : Set.of();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        ObjectMetadata meta = metadata(options);
        long length = content.length();
        try (InputStream in = content.open()) {
            if (length >= 0 && length <= MAX_SINGLE_PUT) {
                return putSingle(key, in, length, meta, options);
            }
            byte[] first = in.readNBytes(settings.partSize());
            if (first.length < settings.partSize()) {
                return putSingle(key, new ByteArrayInputStream(first), first.length, meta, options);
            }
            return putMultipart(key, first, in, meta, options);
        }
    }

    private BlobInfo putSingle(String key, InputStream in, long length, ObjectMetadata meta, PutOptions options) {
        meta.setContentLength(length);
        PutObjectResult result = client.putObject(new PutObjectRequest(settings.bucket(), key, in, meta));
        return written(key, length, result.getETag(), options).withDigests(md5Etag(result.getETag()));
    }

    private BlobInfo putMultipart(String key, byte[] first, InputStream in, ObjectMetadata meta, PutOptions options)
            throws Exception {
        String uploadId = client.initiateMultipartUpload(
                new InitiateMultipartUploadRequest(settings.bucket(), key, meta)).getUploadId();
        try {
            List<PartETag> parts = new ArrayList<>();
            long total = 0;
            byte[] part = first;
            while (part.length > 0) {
                UploadPartRequest req = new UploadPartRequest(settings.bucket(), key, uploadId, parts.size() + 1,
                        new ByteArrayInputStream(part), part.length);
                parts.add(client.uploadPart(req).getPartETag());
                total += part.length;
                part = in.readNBytes(settings.partSize());
            }
            String etag = client.completeMultipartUpload(
                    new CompleteMultipartUploadRequest(settings.bucket(), key, uploadId, parts)).getETag();
            return written(key, total, etag, options);
        } catch (Exception | Error e) {
            abort(key, uploadId, e);
            throw e;
        }
    }

    private void abort(String key, String uploadId, Throwable failure) {
        try {
            client.abortMultipartUpload(new AbortMultipartUploadRequest(settings.bucket(), key, uploadId));
        } catch (RuntimeException abortFailed) {
            failure.addSuppressed(abortFailed);
        }
    }

    private static ObjectMetadata metadata(PutOptions options) {
        ObjectMetadata meta = new ObjectMetadata();
        if (options.contentType() != null) {
            meta.setContentType(options.contentType());
        }
        if (options.cacheControl() != null) {
            meta.setCacheControl(options.cacheControl());
        }
        if (!options.metadata().isEmpty()) {
            meta.setUserMetadata(new TreeMap<>(options.metadata()));
        }
        return meta;
    }

    /** The MD5 a simple object's ETag stands for; a multipart or appended object's ETag stands for none. */
    private static Digests md5Etag(String etag) {
        String e = ETag.normalize(etag);
        return e != null && e.matches("[0-9a-fA-F]{32}") ? Digests.of(DigestAlgorithm.MD5, e) : Digests.none();
    }

    private static BlobInfo written(String key, long size, String etag, PutOptions options) {
        return BlobInfo.builder(key).size(size).etag(etag).contentType(options.contentType())
                .cacheControl(options.cacheControl()).userMetadata(options.metadata()).build();
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        GetObjectRequest req = new GetObjectRequest(settings.bucket(), key);
        if (range != null) {
            req.setRange(range.offset(), range.toEnd() ? -1 : range.lastInclusive());
            // Without this header OSS answers an unsatisfiable range with the whole object instead of 416.
            req.addHeader("x-oss-range-behavior", "standard");
        }
        OSSObject object = client.getObject(req);
        BlobInfo info = info(key, object.getObjectMetadata());
        return new BlobInputStream(new AbortingContent(object), info, range);
    }

    /**
     * An object's body that, closed before its end, drops the connection instead of reading the rest: the HTTP
     * client's own close drains the body, which takes as long as the rest of the object and never ends on a body
     * that stalls, so a deadline or a reader that stops early would wait for it.
     */
    private static final class AbortingContent extends EndTrackingInputStream {
        private final OSSObject object;

        AbortingContent(OSSObject object) {
            super(object.getObjectContent());
            this.object = object;
        }

    @Override
        public void close() throws IOException {
            if (ended()) {
                super.close(); // the connection goes back to the pool
            } else {
                object.forcedClose();
            }
        }
    }

    @Override
    public BlobInfo stat(String key) {
        return info(key, client.getObjectMetadata(settings.bucket(), key));
    }

    private static BlobInfo info(String key, ObjectMetadata meta) {
        long size = meta.getContentLength();
        Object range = meta.getRawMetadata().get("Content-Range");
        if (range != null) {
            String r = range.toString();
            size = Long.parseLong(r.substring(r.lastIndexOf('/') + 1).trim());
        }
        Date modified = meta.getLastModified();
        Map<String, String> user = new TreeMap<>();
        meta.getUserMetadata().forEach((k, v) -> user.put(k.toLowerCase(java.util.Locale.ROOT), v));
        return BlobInfo.builder(key).size(size).etag(meta.getETag())
                .lastModified(modified == null ? null : modified.toInstant())
                .contentType(meta.getContentType()).cacheControl(meta.getCacheControl()).userMetadata(user)
                .digests(md5Etag(meta.getETag())).build();
    }

    @Override
    public dev.stowage.spi.ListPage list(ListOptions options, String pageToken) {
        ListObjectsV2Request req = new ListObjectsV2Request(settings.bucket());
        req.setPrefix(options.prefix().isEmpty() ? null : options.prefix());
        req.setDelimiter(options.delimiter());
        req.setMaxKeys(Math.min(options.pageSize(), 1000));
        // URL encoding keeps keys with control characters intact in the XML answer; the SDK decodes them.
        req.setEncodingType("url");
        if (pageToken != null) {
            req.setContinuationToken(pageToken);
        } else if (options.startAfter() != null) {
            req.setStartAfter(options.startAfter());
        }
        ListObjectsV2Result result = client.listObjectsV2(req);
        boolean encoded = "url".equals(result.getEncodingType());
        List<ListEntry> entries = new ArrayList<>();
        for (OSSObjectSummary s : result.getObjectSummaries()) {
            entries.add(ListEntry.ofBlob(BlobInfo.builder(decode(s.getKey(), encoded)).size(s.getSize()).etag(s.getETag())
                    .lastModified(s.getLastModified() == null ? null : s.getLastModified().toInstant()).build()));
        }
        for (String p : result.getCommonPrefixes()) {
            entries.add(ListEntry.ofPrefix(decode(p, encoded)));
        }
        return new dev.stowage.spi.ListPage(entries, result.isTruncated() ? result.getNextContinuationToken() : null);
    }

    private static String decode(String s, boolean encoded) {
        return encoded ? java.net.URLDecoder.decode(s, java.nio.charset.StandardCharsets.UTF_8) : s;
    }

    @Override
    public void delete(String key) {
        client.deleteObject(settings.bucket(), key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        client.copyObject(settings.bucket(), sourceKey, settings.bucket(), targetKey);
        return stat(targetKey);
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) throws Exception {
        HttpMethod method = options.method() == SignedUrlOptions.Method.PUT ? HttpMethod.PUT : HttpMethod.GET;
        GeneratePresignedUrlRequest req = new GeneratePresignedUrlRequest(settings.bucket(), key, method);
        req.setExpiration(new Date(System.currentTimeMillis() + options.expiry().toMillis()));
        if (options.contentType() != null) {
            req.setContentType(options.contentType());
        }
        return client.generatePresignedUrl(req).toURI();
    }

    @Override
    public Optional<URI> defaultPublicBase() {
        return Optional.of(URI.create(PublicUrlMapper.storageUrl(settings.endpoint(), settings.bucket(),
                settings.pathStyle()).base()));
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        return errors.translate(operation, failure);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return BlobStoreDriver.firstOfType(type, client, this);
    }

    @Override
    public void close() {
        client.shutdown();
    }
}
