package dev.stowage.b2.internal;

import com.backblaze.b2.client.B2StorageClient;
import com.backblaze.b2.client.contentSources.B2ByteArrayContentSource;
import com.backblaze.b2.client.contentSources.B2ContentSource;
import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.structures.B2AccountAuthorization;
import com.backblaze.b2.client.structures.B2Bucket;
import com.backblaze.b2.client.structures.B2CopyFileRequest;
import com.backblaze.b2.client.structures.B2FileVersion;
import com.backblaze.b2.client.structures.B2FinishLargeFileRequest;
import com.backblaze.b2.client.structures.B2GetDownloadAuthorizationRequest;
import com.backblaze.b2.client.structures.B2GetUploadPartUrlRequest;
import com.backblaze.b2.client.structures.B2ListFileNamesRequest;
import com.backblaze.b2.client.structures.B2ListFileVersionsRequest;
import com.backblaze.b2.client.structures.B2StartLargeFileRequest;
import com.backblaze.b2.client.structures.B2UploadFileRequest;
import com.backblaze.b2.client.structures.B2UploadPartRequest;
import com.backblaze.b2.client.structures.B2UploadPartUrlResponse;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.KeyOrder;
import dev.stowage.spi.ListPage;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A Backblaze B2 bucket through the official SDK. Content of unknown length goes up as a large file, part by part,
 * and the large file is cancelled when anything fails. Downloads stream through {@link B2Downloads}. A delete removes
 * every version of the name (or hides it when {@code hideOnDelete} is set). Thread-safe: the SDK's client is.
 */
public final class B2Driver implements BlobStoreDriver {
    /** B2 stores Cache-Control as this file-info entry and serves it back as the header. */
    static final String CACHE_CONTROL_INFO = "b2-cache-control";
    private static final long MAX_SMALL_FILE = 5L * 1000 * 1000 * 1000;

    private final B2StorageClient client;
    private final B2Settings settings;
    private final B2Bucket bucket;
    private final String downloadUrl;
    private final B2Downloads downloads;
    private final B2Errors errors;

    private B2Driver(B2StorageClient client, B2Settings settings, B2Bucket bucket, String downloadUrl) {
        this.client = client;
        this.settings = settings;
        this.bucket = bucket;
        this.downloadUrl = downloadUrl;
        this.errors = new B2Errors(settings);
        this.downloads = new B2Downloads(client, settings);
    }

    /** Authorizes the account and looks the bucket up: B2 addresses buckets by id, and the id comes from here. */
    public static B2Driver open(B2StorageClient client, B2Settings settings) {
        B2AccountAuthorization auth;
        B2Bucket bucket;
        try {
            try {
                auth = client.getAccountAuthorization();
            } catch (com.backblaze.b2.client.exceptions.B2UnauthorizedException e) {
                throw StorageException.builder(ErrorCode.UNAUTHENTICATED, "B2 refused the application key: "
                        + e.getMessage()).operation(Operation.OPEN).hint("check the key id and the key ("
                        + settings.credentialSource() + "), and that the key was not deleted").cause(e).build();
            }
            bucket = client.getBucketOrNullByName(settings.bucket());
        } catch (B2Exception e) {
            throw new B2Errors(settings).translate(Operation.OPEN, e).toBuilder().operation(Operation.OPEN).build();
        }
        if (bucket == null) {
            throw StorageException.builder(ErrorCode.MISCONFIGURED, "bucket '" + settings.bucket()
                    + "' does not exist or is not visible to this application key").operation(Operation.OPEN)
                    .hint("check the bucket name, and that the key (" + settings.credentialSource()
                            + ") is not restricted to another bucket").build();
        }
        return new B2Driver(client, settings, bucket, auth.getDownloadUrl());
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).signedUrl(true).multipartUpload(true)
                .userMetadata(true).contentType(true).cacheControl(true).digests(DigestAlgorithm.SHA1)
                .requestAttempts(settings.requestAttempts())
                .looseKeys(false) // B2 refuses names that end with '/' or contain '//'
                .build();
    }

    /**
     * SHA-1: B2 reports the SHA-1 of a file uploaded in one request. An unknown length is hashed too, since most
     * such uploads fit one part; a large file's parts are checked by B2 against the SHA-1 the SDK sends with each.
     */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return length <= MAX_SMALL_FILE ? Set.of(DigestAlgorithm.SHA1) : Set.of();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        Map<String, String> info = fileInfo(options);
        String contentType = options.contentType() == null ? "b2/x-auto" : options.contentType();
        long length = content.length();
        if (length >= 0 && length <= MAX_SMALL_FILE) {
            return toInfo(client.uploadSmallFile(B2UploadFileRequest.builder(bucket.getBucketId(), key, contentType,
                    new StreamSource(content)).setCustomFields(info).build()));
        }
        try (InputStream in = content.open()) {
            byte[] first = in.readNBytes(settings.partSize());
            if (first.length < settings.partSize()) {
                return toInfo(client.uploadSmallFile(B2UploadFileRequest.builder(bucket.getBucketId(), key,
                        contentType, B2ByteArrayContentSource.build(first)).setCustomFields(info).build()));
            }
            return putLarge(key, contentType, info, first, in);
        }
    }

    private BlobInfo putLarge(String key, String contentType, Map<String, String> info, byte[] first, InputStream in)
            throws Exception {
        B2FileVersion started = client.startLargeFile(B2StartLargeFileRequest.builder(bucket.getBucketId(), key,
                contentType).setCustomFields(info).build());
        String fileId = started.getFileId();
        try {
            B2UploadPartUrlResponse url = client.getUploadPartUrl(B2GetUploadPartUrlRequest.builder(fileId).build());
            List<String> sha1s = new ArrayList<>();
            byte[] part = first;
            while (part.length > 0) {
                B2ContentSource source = B2ByteArrayContentSource.build(part);
                sha1s.add(client.getWebifier().uploadPart(url,
                        B2UploadPartRequest.builder(sha1s.size() + 1, source).build()).getContentSha1());
                part = in.readNBytes(settings.partSize());
            }
            return toInfo(client.finishLargeFile(B2FinishLargeFileRequest.builder(fileId, sha1s).build()));
        } catch (Exception | Error e) {
            try {
                client.cancelLargeFile(fileId);
            } catch (B2Exception | RuntimeException cancelFailed) {
                e.addSuppressed(cancelFailed);
            }
            throw e;
        }
    }

    private static Map<String, String> fileInfo(PutOptions options) {
        Map<String, String> info = new TreeMap<>(options.metadata());
        if (options.cacheControl() != null) {
            info.put(CACHE_CONTROL_INFO, options.cacheControl());
        }
        return info;
    }

    static BlobInfo toInfo(B2FileVersion v) {
        Map<String, String> meta = new TreeMap<>();
        String cacheControl = null;
        for (Map.Entry<String, String> e : v.getFileInfo().entrySet()) {
            String k = e.getKey().toLowerCase(java.util.Locale.ROOT);
            if (k.equals(CACHE_CONTROL_INFO)) {
                cacheControl = e.getValue();
            } else if (!k.startsWith("b2-") && !k.equals("large_file_sha1") && !k.equals("src_last_modified_millis")) {
                meta.put(k, e.getValue());
            }
        }
        return BlobInfo.builder(v.getFileName()).size(v.getContentLength()).etag(v.getFileId())
                .lastModified(v.getUploadTimestamp() > 0 ? Instant.ofEpochMilli(v.getUploadTimestamp()) : null)
                .contentType(v.getContentType()).cacheControl(cacheControl).userMetadata(meta)
                .digests(sha1(v.getContentSha1())).build();
    }

    /** A content SHA-1 as B2 reports it: hex, or "none" (large files), or "unverified:hex" (not checked by B2). */
    static Digests sha1(String reported) {
        return reported != null && reported.matches("[0-9a-fA-F]{40}") ? Digests.of(DigestAlgorithm.SHA1, reported)
                : Digests.none();
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        return downloads.open(key, range);
    }

    @Override
    public BlobInfo stat(String key) throws B2Exception {
        return toInfo(client.getFileInfoByName(settings.bucket(), key));
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws B2Exception {
        String start = pageToken != null ? pageToken : options.startAfter();
        B2ListFileNamesRequest.Builder req = B2ListFileNamesRequest.builder(bucket.getBucketId())
                .setMaxFileCount(Math.min(options.pageSize() + 1, 1000));
        if (!options.prefix().isEmpty()) {
            req.setPrefix(options.prefix());
        }
        if (options.delimiter() != null) {
            req.setDelimiter(options.delimiter());
        }
        if (start != null) {
            req.setStartFileName(start); // inclusive in B2: entries equal to it are skipped below
        }
        // The SDK's iterable retries like every other call; asking for one entry more than a page and stopping
        // there keeps it to one request per page.
        java.util.Iterator<B2FileVersion> it = client.fileNames(req.build()).iterator();
        List<ListEntry> entries = new ArrayList<>();
        String last = null;
        while (it.hasNext()) {
            B2FileVersion v = it.next();
            String name = v.getFileName();
            if (start != null && KeyOrder.compare(name, start) <= 0) {
                continue;
            }
            if (start != null && v.isFolder() && start.startsWith(name)) {
                continue; // the folder holding startAfter was already returned or lies before it
            }
            if (entries.size() == options.pageSize()) {
                return new ListPage(entries, last);
            }
            entries.add(v.isFolder() ? ListEntry.ofPrefix(name) : ListEntry.ofBlob(toInfo(v)));
            last = v.isFolder() ? name + '\uffff' : name;
        }
        return new ListPage(entries, null);
    }

    @Override
    public void delete(String key) throws B2Exception {
        if (settings.hideOnDelete()) {
            try {
                client.hideFile(bucket.getBucketId(), key);
            } catch (com.backblaze.b2.client.exceptions.B2NotFoundException | com.backblaze.b2.client.exceptions
                    .B2BadRequestException alreadyGoneOrHidden) {
                // not_found: nothing under the name; bad_request: already hidden
            }
            return;
        }
        List<B2FileVersion> versions = new ArrayList<>();
        for (B2FileVersion v : client.fileVersions(B2ListFileVersionsRequest.builder(bucket.getBucketId())
                .setPrefix(key).setStartFileName(key).setMaxFileCount(100).build())) {
            if (!v.getFileName().equals(key)) {
                break;
            }
            versions.add(v);
        }
        for (B2FileVersion v : versions) {
            try {
                client.deleteFileVersion(v);
            } catch (com.backblaze.b2.client.exceptions.B2NotFoundException concurrentlyDeleted) {
                // another client removed this version first
            }
        }
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) throws B2Exception {
        B2FileVersion source = client.getFileInfoByName(settings.bucket(), sourceKey);
        return toInfo(client.copySmallFile(B2CopyFileRequest.builder(source.getFileId(), targetKey).build()));
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) throws B2Exception {
        if (options.method() != SignedUrlOptions.Method.GET) {
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "B2 has no signed upload URLs")
                    .hint("upload through the store, or use B2's S3-compatible API for presigned PUTs").build();
        }
        String token = client.getDownloadAuthorization(B2GetDownloadAuthorizationRequest.builder(
                bucket.getBucketId(), key, (int) Math.max(1, options.expiry().toSeconds())).build())
                .getAuthorizationToken();
        return URI.create(friendlyBase() + PublicUrlMapper.encodePath(key) + "?Authorization=" + token);
    }

    private String friendlyBase() {
        return downloadUrl + "/file/" + PublicUrlMapper.encodeSegment(settings.bucket()) + "/";
    }

    /** The friendly URL base, for public buckets only: files of private buckets need an authorization. */
    @Override
    public Optional<URI> defaultPublicBase() {
        return "allPublic".equals(bucket.getBucketType()) ? Optional.of(URI.create(friendlyBase()))
                : Optional.empty();
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
        client.close();
    }

    /** A B2 content source over a Stowage one; the SDK computes no SHA-1 up front and verifies at the end. */
    private record StreamSource(ContentSource content) implements B2ContentSource {
        @Override
        public long getContentLength() {
            return content.length();
        }

        @Override
        public String getSha1OrNull() {
            return null;
        }

        @Override
        public Long getSrcLastModifiedMillisOrNull() {
            return null;
        }

        @Override
        public InputStream createInputStream() throws java.io.IOException {
            return content.open();
        }
    }
}
