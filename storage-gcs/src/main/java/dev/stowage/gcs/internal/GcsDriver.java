package dev.stowage.gcs.internal;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.WriteChannel;
import com.google.cloud.storage.Blob;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.HttpMethod;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import com.google.cloud.storage.Storage.BlobWriteOption;
import com.google.cloud.storage.Storage.SignUrlOption;
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
import dev.stowage.spi.ListPage;
import java.io.ByteArrayInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

/**
 * Google Cloud Storage through google-cloud-storage (JSON API). Small objects of known length go up in one
 * request; others through a resumable upload that is finalized only when the whole stream was read, so a failed
 * upload leaves nothing. Reads are pinned to the generation seen when the object was opened. The ETag a store
 * reports is the object's generation, so that {@code ifMatch} maps onto a generation precondition.
 * Thread-safe: the SDK client is.
 */
public final class GcsDriver implements BlobStoreDriver {
    /** Known-length objects up to this size are sent in one request. */
    static final int SINGLE_REQUEST_LIMIT = 1024 * 1024;
    /** Whole objects up to this size are read into memory in one request rather than through a read channel. */
    static final int SMALL_READ_LIMIT = 256 * 1024;

    /**
     * The object fields a {@link BlobInfo} needs: a partial response instead of the full resource with its ACL
     * (the SDK adds bucket and name itself).
     */
    private static final Storage.BlobGetOption INFO_FIELDS = Storage.BlobGetOption.fields(Storage.BlobField.SIZE,
            Storage.BlobField.GENERATION, Storage.BlobField.UPDATED, Storage.BlobField.CONTENT_TYPE,
            Storage.BlobField.CACHE_CONTROL, Storage.BlobField.METADATA, Storage.BlobField.CRC32C,
            Storage.BlobField.MD5HASH);
    /** The first read of a streamed get, made before the stream is returned. */
    static final int FIRST_READ = 64 * 1024;
    /** Reads of a generation replaced while it was being opened, before a read gives up. */
    static final int OVERWRITE_ATTEMPTS = 4;

    private final GcsClient client;
    private final Storage storage;
    private final String bucket;
    private final GcsErrors errors;

    public GcsDriver(GcsClient client) {
        this.client = client;
        this.storage = client.storage();
        this.bucket = client.bucket();
        this.errors = new GcsErrors(client);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).conditionalPut(true)
                .signedUrl(client.canSign()).multipartUpload(true).userMetadata(true).contentType(true)
                .cacheControl(true).digests(DigestAlgorithm.CRC32C, DigestAlgorithm.MD5)
                .requestAttempts(client.requestAttempts()).build();
    }

    /** CRC32C: GCS reports it for every object (MD5 not for composite ones), and it is the cheapest to compute. */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return Set.of(DigestAlgorithm.CRC32C);
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        Long generation = options.ifNoneMatch() != null ? Long.valueOf(0)
                : options.ifMatch() != null ? generationOf(options.ifMatch()) : null;
        // only the fields given: each one set, even to null, is tracked and encoded by the SDK
        com.google.cloud.storage.BlobInfo.Builder builder = com.google.cloud.storage.BlobInfo
                .newBuilder(BlobId.of(bucket, key));
        if (options.contentType() != null) {
            builder.setContentType(options.contentType());
        }
        if (options.cacheControl() != null) {
            builder.setCacheControl(options.cacheControl());
        }
        if (!options.metadata().isEmpty()) {
            builder.setMetadata(options.metadata());
        }
        com.google.cloud.storage.BlobInfo target = builder.build();
        long length = content.length();
        try (InputStream in = content.open()) {
            if (length >= 0 && length <= SINGLE_REQUEST_LIMIT) {
                // straight into an array of the declared size: readNBytes(int) would fill 8 KiB buffers and copy
                byte[] bytes = new byte[(int) length];
                if (in.readNBytes(bytes, 0, bytes.length) != length || in.read() >= 0) {
                    throw new IllegalStateException("content for '" + key + "' does not match its declared length");
                }
                BlobTargetOption[] conditions = generation == null ? new BlobTargetOption[0]
                        : generation == 0 ? new BlobTargetOption[] {BlobTargetOption.doesNotExist()}
                        : new BlobTargetOption[] {BlobTargetOption.generationMatch(generation)};
                // the size is known here; not every server (nor every fake) echoes it
                return info(key, storage.create(target, bytes, conditions), bytes.length);
            }
            BlobWriteOption[] conditions = generation == null ? new BlobWriteOption[0]
                    : generation == 0 ? new BlobWriteOption[] {BlobWriteOption.doesNotExist()}
                    : new BlobWriteOption[] {BlobWriteOption.generationMatch(generation)};
            WriteChannel writer = storage.writer(target, conditions);
            writer.setChunkSize(client.chunkSize());
            byte[] buffer = new byte[256 * 1024];
            for (int n; (n = in.read(buffer)) >= 0; ) {
                ByteBuffer chunk = ByteBuffer.wrap(buffer, 0, n);
                while (chunk.hasRemaining()) {
                    writer.write(chunk);
                }
            }
            // Only a complete read reaches here: closing finalizes the upload. On failure the writer is
            // abandoned unclosed, and the unfinished resumable session never becomes an object.
            writer.close();
        }
        return stat(key);
    }

    /** The generation an ETag of this store stands for; anything else cannot match. */
    private static long generationOf(String etag) {
        ETag tag = ETag.parse(etag);
        try {
            if (tag == null || tag.weak()) {
                throw new NumberFormatException("not a strong ETag");
            }
            return Long.parseLong(tag.value());
        } catch (NumberFormatException e) {
            throw StorageException.builder(ErrorCode.PRECONDITION_FAILED, "ETag " + etag
                    + " is not a generation of this store, so no object can match it")
                    .hint("use the etag that this store returned from put, stat or list").build();
        }
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        for (int attempt = 1; ; attempt++) {
            Blob blob = storage.get(BlobId.of(bucket, key), INFO_FIELDS);
            if (blob == null) {
                throw notFound();
            }
            BlobInfo info = info(key, blob);
            long from = range == null ? 0 : range.offset();
            long to = range == null || range.toEnd() ? info.size() : Math.min(info.size(), from + range.length());
            if (from >= to) {
                // nothing to read (empty object or range); the portable layer refuses a range starting past the end
                return new BlobInputStream(InputStream.nullInputStream(), info, range);
            }
            BlobId pinned = BlobId.of(bucket, key, blob.getGeneration());
            if (range == null && to <= SMALL_READ_LIMIT) {
                // one media GET into a right-sized array: a read channel would allocate its 2 MiB chunk buffer and
                // wrap two more channels for a few bytes. The request on the wire is the same alt=media GET.
                byte[] bytes = readPinned(pinned, attempt);
                if (bytes == null) {
                    continue; // that generation was replaced between the two requests: look again
                }
                return new BlobInputStream(new ByteArrayInputStream(bytes), info, null);
            }
            ReadChannel reader = storage.reader(pinned);
            if (range != null) {
                reader.seek(from);
                reader.limit(to);
            }
            // The channel sends its request at the first read; that read is made here, so that a generation
            // replaced since its metadata was read is looked up again rather than failing the caller's first read.
            ByteBuffer first = ByteBuffer.allocate((int) Math.min(FIRST_READ, to - from));
            try {
                reader.read(first);
            } catch (IOException | com.google.cloud.storage.StorageException e) {
                reader.close();
                if (generationGone(e, pinned, attempt)) {
                    continue;
                }
                throw e;
            }
            first.flip();
            // only a deadline covering the whole call bounds reading the body (not Layers.answerTimeout's)
            InputStream rest = Channels.newInputStream(reader);
            Deadline d = Deadline.current().filter(Deadline::coversStreams).orElse(null);
            if (d != null) {
                rest = new WithinDeadline(rest, d);
            }
            InputStream content = first.hasRemaining()
                    ? new SequenceInputStream(new ByteArrayInputStream(first.array(), 0, first.limit()), rest) : rest;
            return new BlobInputStream(content, info, range);
        }
    }

    /**
     * The rest of a read channel's bytes, read with the deadline of the get that opened it current. After a failed
     * read the channel sends a new ranged request from where it stopped, whatever the attempt limit; made while the
     * caller reads, that request would otherwise get the whole request timeout. Closing the channel cannot end a read
     * blocked on its socket (it waits for the read's lock), so the deadline has to reach every request's timeouts.
     */
    private static final class WithinDeadline extends FilterInputStream {
        private final Deadline deadline;

        WithinDeadline(InputStream in, Deadline deadline) {
            super(in);
            this.deadline = deadline;
        }

        @Override
        public int read() throws IOException {
            try (Deadline.Scope ignored = deadline.enter()) {
                return in.read();
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try (Deadline.Scope ignored = deadline.enter()) {
                return in.read(b, off, len);
            }
        }

        @Override
        public long skip(long n) throws IOException {
            try (Deadline.Scope ignored = deadline.enter()) {
                return in.skip(n);
            }
        }
    }

    /**
     * Whether a read of a pinned generation failed because that generation is gone (replaced after its metadata was
     * read: the SDK's 404, however wrapped) and the get may look again.
     */
    private static boolean generationGone(Throwable failure, BlobId pinned, int attempt) {
        if (pinned.getGeneration() == null || attempt >= OVERWRITE_ATTEMPTS) {
            return false;
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof com.google.cloud.storage.StorageException se && se.getCode() == 404) {
                return true;
            }
        }
        return false;
    }

    /**
     * The bytes of one generation, or null when that generation is gone (replaced after its metadata was read) and
     * another attempt may be made. Without this, a read racing an overwrite would report the object missing.
     */
    private byte[] readPinned(BlobId pinned, int attempt) {
        try {
            return storage.readAllBytes(pinned);
        } catch (com.google.cloud.storage.StorageException e) {
            if (generationGone(e, pinned, attempt)) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public BlobInfo stat(String key) {
        Blob blob = storage.get(BlobId.of(bucket, key), INFO_FIELDS);
        if (blob == null) {
            throw notFound();
        }
        return info(key, blob);
    }

    private StorageException notFound() {
        return StorageException.builder(ErrorCode.NOT_FOUND, "no such object in bucket '" + bucket + "'").build();
    }

    static BlobInfo info(String key, com.google.cloud.storage.BlobInfo blob) {
        return info(key, blob, blob.getSize() == null ? 0 : blob.getSize());
    }

    static BlobInfo info(String key, com.google.cloud.storage.BlobInfo blob, long size) {
        Map<String, String> metadata = null; // none: BlobInfo then takes the shared empty map, no copy
        Map<String, String> raw = blob.getMetadata();
        if (raw != null && !raw.isEmpty()) {
            metadata = new TreeMap<>();
            for (Map.Entry<String, String> e : raw.entrySet()) {
                if (e.getValue() != null) {
                    metadata.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue());
                }
            }
        }
        Long generation = blob.getGeneration();
        var updated = blob.getUpdateTimeOffsetDateTime();
        Digests digests = Digests.none();
        if (blob.getCrc32c() != null) {
            digests = digests.merge(Digests.ofBase64(DigestAlgorithm.CRC32C, blob.getCrc32c()));
        }
        if (blob.getMd5() != null) {
            digests = digests.merge(Digests.ofBase64(DigestAlgorithm.MD5, blob.getMd5()));
        }
        return new BlobInfo(key, size, generation == null ? null : generation.toString(),
                updated == null ? null : updated.toInstant(), blob.getContentType(), blob.getCacheControl(), metadata,
                digests);
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) {
        List<BlobListOption> request = new ArrayList<>();
        request.add(BlobListOption.pageSize(options.pageSize()));
        if (!options.prefix().isEmpty()) {
            request.add(BlobListOption.prefix(options.prefix()));
        }
        if (options.delimiter() != null) {
            request.add(BlobListOption.delimiter(options.delimiter()));
        }
        if (options.startAfter() != null) {
            // inclusive; the portable layer drops the bound itself
            request.add(BlobListOption.startOffset(options.startAfter()));
        }
        if (pageToken != null) {
            request.add(BlobListOption.pageToken(pageToken));
        }
        Page<Blob> page = storage.list(bucket, request.toArray(BlobListOption[]::new));
        Map<String, ListEntry> entries = new LinkedHashMap<>();
        for (Blob blob : page.getValues()) {
            String name = blob.getName();
            int cut = options.delimiter() == null ? -1 : name.indexOf(options.delimiter(), options.prefix().length());
            if (blob.isDirectory() || cut >= 0) {
                String prefix = cut >= 0 ? name.substring(0, cut + options.delimiter().length()) : name;
                entries.putIfAbsent(prefix, ListEntry.ofPrefix(prefix));
            } else {
                entries.put(name, ListEntry.ofBlob(info(name, blob)));
            }
        }
        String next = page.getNextPageToken();
        return new ListPage(new ArrayList<>(entries.values()), next == null || next.isEmpty() ? null : next);
    }

    @Override
    public void delete(String key) {
        storage.delete(BlobId.of(bucket, key)); // false when it was already gone, which is fine
    }

    /** Rewrite within GCS: the bytes never pass through the client; large objects take several rewrite calls. */
    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        Blob result = storage.copy(Storage.CopyRequest.newBuilder().setSource(BlobId.of(bucket, sourceKey))
                .setTarget(BlobId.of(bucket, targetKey)).build()).getResult();
        return info(targetKey, result);
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) throws Exception {
        if (!client.canSign()) {
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "V4 signed URLs need credentials that can sign")
                    .hint("use a service-account key (credentialsFile) or a service account with the "
                            + "iam.serviceAccounts.signBlob permission; this store uses " + client.credentialSource())
                    .build();
        }
        com.google.cloud.storage.BlobInfo.Builder blob = com.google.cloud.storage.BlobInfo.newBuilder(bucket, key);
        List<SignUrlOption> sign = new ArrayList<>(List.of(SignUrlOption.withV4Signature(),
                SignUrlOption.httpMethod(options.method() == SignedUrlOptions.Method.GET ? HttpMethod.GET
                        : HttpMethod.PUT)));
        if (options.contentType() != null) {
            blob.setContentType(options.contentType());
            sign.add(SignUrlOption.withContentType());
        }
        if (client.endpoint() != null) {
            sign.add(SignUrlOption.withHostName(client.endpoint()));
            sign.add(SignUrlOption.withPathStyle());
        }
        return storage.signUrl(blob.build(), options.expiry().toSeconds(), TimeUnit.SECONDS,
                sign.toArray(SignUrlOption[]::new)).toURI();
    }

    @Override
    public Optional<URI> defaultPublicBase() {
        String host = client.endpoint() == null ? "https://storage.googleapis.com" : client.endpoint();
        return Optional.of(URI.create(host + "/" + bucket + "/"));
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        return errors.translate(operation, failure);
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return BlobStoreDriver.firstOfType(type, this, storage);
    }

    @Override
    public void close() throws Exception {
        if (client.owned()) {
            storage.close();
        }
    }

    @Override
    public String toString() {
        return "GcsDriver[" + bucket + "]";
    }
}
