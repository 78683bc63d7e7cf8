package dev.stowage.bunny.internal;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.Errors;
import dev.stowage.spi.HierarchicalLister;
import dev.stowage.spi.LimitedInputStream;
import dev.stowage.spi.ListPage;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A Bunny Storage zone over the Edge Storage HTTP API. Bunny keeps real folders: a listing reads one folder per
 * request ({@link HierarchicalLister} walks them in key order), a file and a folder cannot share a name, and deleting
 * a folder deletes all it holds, so {@link #delete} removes only a file. Every upload carries its SHA-256 in the
 * {@code Checksum} header, which the server checks, and is then compared with what Bunny reports for the file.
 * Bunny stores no content type, Cache-Control or user metadata; writes carrying them are refused. Thread-safe.
 */
public final class BunnyDriver implements BlobStoreDriver {
    private final BunnySettings settings;
    private final BunnyHttp http;
    private final BunnyFolder folders;
    private final HierarchicalLister lister;
    private final TokenSigner signer;
    /**
     * Writes and deletes of one key in this store are serialized: the check after an upload cannot tell another
     * writer's overwrite from a corrupted store, so concurrent writers in this process must not overlap.
     */
    private final ReentrantLock[] keyLocks = new ReentrantLock[64];

    public BunnyDriver(BunnySettings settings) {
        this.settings = settings;
        this.http = new BunnyHttp(settings);
        this.folders = new BunnyFolder(http);
        this.lister = new HierarchicalLister(folders::children);
        this.signer = settings.tokenKey() == null ? null : new TokenSigner(settings.tokenKey());
        for (int i = 0; i < keyLocks.length; i++) {
            keyLocks[i] = new ReentrantLock();
        }
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).signedUrl(signer != null).trueDirectories(true)
                .digests(DigestAlgorithm.SHA256).build();
    }

    /**
     * SHA-256, which Bunny reports for what it stored: the driver hashes the content itself to send the Checksum
     * header, and the portable layer hashes what it handed over, so a byte changed on the way in between is caught
     * too.
     */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return Set.of(DigestAlgorithm.SHA256);
    }

    private ReentrantLock lock(String key) {
        ReentrantLock l = keyLocks[Math.floorMod(key.hashCode(), keyLocks.length)];
        l.lock();
        return l;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        refuseWhatBunnyCannotStore(options);
        try (UploadBody body = UploadBody.prepare(content)) {
            ReentrantLock l = lock(key);
            try {
                HttpResponse<String> resp = http.sendUpload(http.url(key), body.checksumHeader(), body.publisher());
                if (resp.statusCode() != 201 && resp.statusCode() != 200) {
                    throw uploadFailure(key, resp);
                }
                return checkStored(key, body);
            } finally {
                l.unlock();
            }
        }
    }

    private static void refuseWhatBunnyCannotStore(PutOptions options) {
        String option = options.contentType() != null ? "contentType" : options.cacheControl() != null
                ? "cacheControl" : !options.metadata().isEmpty() ? "metadata" : null;
        if (option != null) {
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "Bunny Storage does not store " + option
                    + " with a file").hint("leave " + option + " out of the PutOptions: Bunny Storage keeps only "
                    + "the file's bytes").build();
        }
    }

    /** Compares the size and SHA-256 Bunny reports for the file with what was sent; removes a mismatch. */
    private BlobInfo checkStored(String key, UploadBody body) throws Exception {
        BunnyFolder.Entry stored = folders.file(key).orElse(null);
        if (stored == null) {
            throw StorageException.builder(ErrorCode.CORRUPT_DATA, "Bunny Storage accepted the upload, but then "
                    + "reports no file under the key").retryable(true).build();
        }
        boolean sizeDiffers = stored.length() != body.length();
        if (sizeDiffers || (stored.checksum() != null && !stored.checksum().equals(body.sha256()))) {
            StorageException mismatch = StorageException.builder(ErrorCode.CORRUPT_DATA, "Bunny Storage reports the "
                    + "uploaded file with " + (sizeDiffers ? stored.length() + " bytes where " + body.length()
                    + " were sent" : "SHA-256 " + stored.checksum() + " where " + body.sha256() + " was sent")
                    + "; the file was deleted").retryable(true)
                    .hint("if another client wrote the same key at the same moment, its write was removed too; "
                            + "otherwise the stored bytes were damaged: write again").build();
            try {
                deleteFile(key);
            } catch (Exception cleanupFailed) {
                mismatch.addSuppressed(cleanupFailed);
            }
            throw mismatch;
        }
        return stored.info(key);
    }

    private StorageException uploadFailure(String key, HttpResponse<String> resp) throws Exception {
        String message = http.message(resp);
        if (resp.statusCode() == 400 && message.toLowerCase(Locale.ROOT).contains("checksum")) {
            return StorageException.builder(ErrorCode.CORRUPT_DATA, "Bunny Storage refused the upload: the SHA-256 "
                    + "of the bytes it received does not match the Checksum header (" + message + ")")
                    .retryable(true).hint("the bytes were changed on the way, or the source changed while it "
                            + "was read; nothing was stored").build();
        }
        if (resp.statusCode() == 400) {
            if (folders.isFolder(key)) {
                return StorageException.builder(ErrorCode.ALREADY_EXISTS, "a folder of this name exists, and "
                        + "Bunny Storage cannot hold a file and a folder of one name").build();
            }
            for (int slash = key.indexOf('/'); slash >= 0; slash = key.indexOf('/', slash + 1)) {
                String ancestor = key.substring(0, slash);
                if (folders.file(ancestor).isPresent()) {
                    return StorageException.builder(ErrorCode.ALREADY_EXISTS, "'" + ancestor + "' is a file, so "
                            + "Bunny Storage cannot make the folder this key needs").build();
                }
            }
        }
        return http.failure(resp.statusCode(), message, "PUT file");
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        BunnyFolder.Entry entry = folders.file(key).orElseThrow(BunnyDriver::notFound);
        // No digest in what a get reports: the lookup and the download are two requests, so the bytes may be of a
        // later version than the lookup's Checksum. VerifiedDownload checks whole reads itself, telling the two apart.
        BlobInfo listed = entry.info(key).withDigests(Digests.none());
        if (entry.length() == 0 || (range != null && range.offset() >= entry.length())) {
            // nothing to fetch; the portable layer refuses a range starting past the end
            return new BlobInputStream(InputStream.nullInputStream(), listed, range);
        }
        HttpRequest.Builder b = http.request(http.url(key)).GET();
        if (range != null) {
            b.header("Range", range.toHttpHeader());
        }
        HttpResponse<InputStream> resp = http.send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
        int status = resp.statusCode();
        if (status == 404) {
            BunnyHttp.discard(resp);
            throw notFound();
        }
        if (status == 416) {
            BunnyHttp.discard(resp);
            throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, "range " + range + " is not satisfiable")
                    .hint("the range starts at or past the end of the object").build();
        }
        if (status != 200 && status != 206) {
            throw http.failure(resp, "GET file");
        }
        long size = size(resp, entry.length());
        BlobInfo info = size == entry.length() ? listed : BlobInfo.builder(key).size(size).build();
        InputStream in = http.timed(resp.body());
        if (status == 200 && range != null) {
            // a server that answered the range with every byte: the requested window of them
            in.skipNBytes(range.offset());
            in = new LimitedInputStream(in, range.lengthWithin(size));
        } else if (range == null && size == entry.length() && entry.checksum() != null) {
            in = VerifiedDownload.of(in, entry.checksum(), () -> folders.file(key).map(entry::equals).orElse(false));
        }
        return new BlobInputStream(in, info, range);
    }

    /**
     * The object's whole size: the total of a Content-Range, else the Content-Length of a 200, else (a chunked
     * answer) the size Bunny reported for the file.
     */
    private static long size(HttpResponse<?> resp, long listed) {
        String range = resp.headers().firstValue("Content-Range").orElse(null);
        if (range != null && range.contains("/") && !range.endsWith("*")) {
            return Long.parseLong(range.substring(range.lastIndexOf('/') + 1).strip());
        }
        if (resp.statusCode() == 200) {
            return resp.headers().firstValueAsLong("Content-Length").orElse(listed);
        }
        return listed;
    }

    private static StorageException notFound() {
        return StorageException.of(ErrorCode.NOT_FOUND, "no file under this key");
    }

    /** The API has no HEAD: see {@link BunnyFolder#file} (DESCRIBE, else the folder's listing). */
    @Override
    public BlobInfo stat(String key) throws Exception {
        return folders.file(key).orElseThrow(BunnyDriver::notFound).info(key);
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        return lister.list(options, pageToken);
    }

    @Override
    public void delete(String key) throws Exception {
        ReentrantLock l = lock(key);
        try {
            // DELETE on a folder's path removes the folder and everything in it: make sure the key is a file.
            if (folders.file(key).isPresent()) {
                deleteFile(key);
            }
        } finally {
            l.unlock();
        }
    }

    private void deleteFile(String key) throws Exception {
        HttpResponse<InputStream> resp = http.send(http.request(http.url(key)).DELETE().build(),
                HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() / 100 == 2 || resp.statusCode() == 404) {
            BunnyHttp.discard(resp);
            return;
        }
        throw http.failure(resp, "DELETE file");
    }

    /** A pull zone URL with bunny.net token authentication ({@code token}, {@code expires}); GET only. */
    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        if (options.method() != SignedUrlOptions.Method.GET) {
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "a pull zone serves downloads only; signed "
                    + options.method() + " URLs are not supported").hint("upload through the store instead").build();
        }
        URI url;
        if (settings.publicUrlBase() != null) {
            String relative = settings.folder().isEmpty() ? key : key.substring(settings.folder().length() + 1);
            url = PublicUrlMapper.of(settings.publicUrlBase()).map(relative);
        } else {
            url = PublicUrlMapper.of(defaultPublicBase().orElseThrow().toString()).map(key);
        }
        return signer.sign(url, Instant.now().plus(options.expiry()).getEpochSecond());
    }

    /** The pull zone's own host, {@code https://<pullZone>.b-cdn.net/}, when one is configured. */
    @Override
    public Optional<URI> defaultPublicBase() {
        return settings.pullZone() == null ? Optional.empty()
                : Optional.of(URI.create("https://" + settings.pullZone() + ".b-cdn.net/"));
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        Throwable f = failure instanceof UncheckedIOException u ? u.getCause() : failure;
        if (f instanceof StorageException se) {
            return se;
        }
        if (f instanceof HttpTimeoutException || f instanceof SocketTimeoutException) {
            return Errors.timedOut(f, "Bunny Storage", "requestTimeout");
        }
        return Errors.classify(f);
    }

    @Override
    public String toString() {
        return "BunnyDriver[" + settings + "]";
    }

    @Override
    public void close() {
        // the JDK client holds no resources that outlive its connections' idle timeout
    }
}
