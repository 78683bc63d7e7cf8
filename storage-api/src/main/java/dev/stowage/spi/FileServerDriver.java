package dev.stowage.spi;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ETag;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PushbackInputStream;
import java.nio.file.NoSuchFileException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.UUID;

/**
 * The common part of drivers for file servers (FTP, SFTP): objects are files under a root folder, reached
 * through a bounded pool of {@link FileSession}s. A write goes to a hidden temporary file in the target's own
 * folder and is renamed into place, so readers never see a half-written object; missing folders are created
 * on the way and folders left empty by a delete are removed; listings walk the folders in key order
 * ({@link HierarchicalLister}). Concrete drivers open sessions and classify their protocol's failures.
 * Thread-safe: each operation holds its own session.
 *
 * @param <S> the session type
 */
public abstract class FileServerDriver<S extends FileSession> implements BlobStoreDriver {
    /** Name prefix of temporary files; such files are never listed and such keys are refused. */
    public static final String TEMP_PREFIX = ".stowage-tmp-";
    /**
     * How long a temporary file must have been left unchanged before a listing removes it as stale: a write in
     * progress changes it all the time, and clients time out long before this (readTimeout, 60 s by default).
     */
    public static final Duration STALE_TEMP_AGE = Duration.ofMinutes(10);

    private static final int COPY_BUFFER = 256 * 1024;
    /** How long get and stat look again for a missing file on servers that replace by delete + rename. */
    private static final long REPLACE_WINDOW_NANOS = 500_000_000L;

    private final ConnectionPool<S> pool;
    private final Object[] renameLocks = new Object[64];

    protected FileServerDriver(ConnectionPool<S> pool) {
        this.pool = Objects.requireNonNull(pool, "pool");
        for (int i = 0; i < renameLocks.length; i++) {
            renameLocks[i] = new Object();
        }
    }

    protected ConnectionPool<S> pool() {
        return pool;
    }

    /** Range reads and real folders; no metadata, no server-side copy. Drivers may add to it. */
    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).trueDirectories(true).build();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        checkKey(key);
        refuseWhatFilesCannotKeep(options);
        ConnectionPool<S>.Lease lease = pool.borrow();
        String tmp = lease.connection().temporaryPath(key, UUID.randomUUID().toString());
        try {
            S s = lease.connection();
            OutputStream out = FileServerFolders.createWithParents(s, key, tmp);
            long written = 0;
            try {
                try (InputStream in = content.open()) {
                    byte[] buf = new byte[COPY_BUFFER];
                    for (int n; (n = in.read(buf)) >= 0; ) {
                        out.write(buf, 0, n);
                        written += n;
                    }
                }
            } catch (Exception | Error e) {
                closeAfterFailure(out, e);
                throw e;
            }
            out.close();
            // Writers of one key take turns at the rename (and at the check of a conditional write): on servers that
            // replace by delete + rename, interleaved writers would otherwise delete each other's files.
            synchronized (lockFor(key)) {
                checkCondition(s, key, options);
                moveIntoPlace(s, tmp, key, options.ifNoneMatch() != null);
                FileSession.Entry e = s.stat(key);
                if (e != null) {
                    return placed(s, key, e, options);
                }
            }
            if (!s.replacesAtomically()) {
                // written whole, then replaced at once by a writer elsewhere: its version is unknown
                return BlobInfo.builder(key).size(written).build();
            }
            // retrying cannot help: the server hides the name it was given
            throw StorageException.builder(ErrorCode.INTERNAL, "the file was renamed into place but the server "
                    + "does not show it").retryable(false).hint("the server hides some names (e.g. dotfiles) "
                    + "from its listings; allow them on the server or choose another key").build();
        } catch (Exception | Error e) {
            removeQuietly(lease, tmp, e);
            throw e;
        } finally {
            lease.close();
        }
    }

    /**
     * The lock writers of {@code key} take turns with at the rename. By default one of a fixed set per store; a
     * driver whose stores can share a root in one process gives the same lock to all of them.
     */
    protected Object lockFor(String key) {
        return renameLocks[Math.floorMod(key.hashCode(), renameLocks.length)];
    }

    /**
     * What a put returns once its file is in place under {@code key} (and, holding the key's lock, the moment to
     * record what the file itself cannot keep). By default the file's metadata.
     *
     * @param e the file's entry as the server gives it after the rename
     */
    protected BlobInfo placed(S s, String key, FileSession.Entry e, PutOptions options) throws IOException {
        return info(key, e);
    }

    /** Options asking to keep more than the store's capabilities say it keeps are refused by name, not dropped. */
    private void refuseWhatFilesCannotKeep(PutOptions options) {
        if (options == null) {
            return;
        }
        Capabilities c = capabilities();
        String option = options.contentType() != null && !c.contentType() ? "contentType"
                : options.cacheControl() != null && !c.cacheControl() ? "cacheControl"
                : !options.metadata().isEmpty() && !c.userMetadata() ? "metadata" : null;
        if (option != null) {
            throw StorageException.builder(ErrorCode.UNSUPPORTED, "a file server stores no " + option
                    + " with an object").hint("put without the " + option + " option (capabilities() says what "
                    + "the store keeps)").build();
        }
    }

    /** An {@code ifMatch} write happens only over the object with that ETag; checked holding the key's lock. */
    private void checkCondition(S s, String key, PutOptions options) throws IOException {
        if (options.ifMatch() == null) {
            return;
        }
        FileSession.Entry e = s.stat(key);
        if (e == null || e.directory() || e.link()) {
            throw StorageException.of(ErrorCode.PRECONDITION_FAILED, "ifMatch was given but no object exists under "
                    + "the key");
        }
        String etag = info(key, e).etag();
        if (!ETag.parse(options.ifMatch()).equals(ETag.parse(etag))) {
            throw StorageException.of(ErrorCode.PRECONDITION_FAILED, "the object's ETag is not '" + options.ifMatch()
                    + "'");
        }
    }

    /**
     * Renames the written file into place ({@code ifAbsent}: only where nothing is). A delete of a sibling removes the
     * folder it leaves empty, which may be the key's folder when the file is staged elsewhere: the folder is then made
     * again and the rename tried again, a few times.
     */
    private void moveIntoPlace(S s, String tmp, String key, boolean ifAbsent) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                if (ifAbsent) {
                    if (!s.renameIfAbsent(tmp, key)) {
                        throw StorageException.of(ErrorCode.PRECONDITION_FAILED, "an object already exists under "
                                + "the key");
                    }
                } else {
                    s.rename(tmp, key);
                }
                return;
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                FileSession.Entry existing = s.stat(key);
                if (existing != null && existing.directory()) {
                    throw StorageException.builder(ErrorCode.ALREADY_EXISTS, "a folder with objects in it has this "
                            + "name; a file server cannot hold both 'k' and 'k/...'").cause(e).build();
                }
                if (attempt >= 5 || !FileServerFolders.folderMissing(s, key) || s.stat(tmp) == null) {
                    throw e;
                }
                FileServerFolders.mkdirsFor(s, key);
            }
        }
    }

    private static void closeAfterFailure(Closeable stream, Throwable failure) {
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            if (failure != null) {
                failure.addSuppressed(e);
            }
        }
    }

    /**
     * Removes the temporary file of a failed write. A failure other than a refusal may have broken the session (a
     * dropped control connection, a transfer cut off), so the file is then removed on a fresh session; what cannot
     * be removed now is removed later as stale ({@link #STALE_TEMP_AGE}).
     */
    private void removeQuietly(ConnectionPool<S>.Lease lease, String tmp, Throwable failure) {
        if (failure instanceof StorageException) {
            try {
                lease.connection().delete(tmp);
                return;
            } catch (IOException | RuntimeException e) {
                failure.addSuppressed(e);
            }
        }
        lease.discard();
        lease.close(); // before borrowing again: the pool may have no other connection to give
        try (ConnectionPool<S>.Lease fresh = pool.borrow()) {
            try {
                fresh.connection().delete(tmp);
            } catch (IOException | RuntimeException e) {
                fresh.discard();
                failure.addSuppressed(e);
            }
        } catch (Exception e) {
            failure.addSuppressed(e); // the server is gone: the hidden file stays until it is stale
        }
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        checkKey(key);
        ConnectionPool<S>.Lease lease = pool.borrow();
        try {
            S s = lease.connection();
            long deadline = System.nanoTime() + REPLACE_WINDOW_NANOS;
            while (true) {
                try {
                    return open(lease, key, range);
                } catch (StorageException | NoSuchFileException e) {
                    // on servers that replace by delete + rename, an overwrite briefly leaves no file: look again
                    if (s.replacesAtomically() || (e instanceof StorageException se && se.code() != ErrorCode.NOT_FOUND)
                            || !pauseBefore(deadline)) {
                        throw e;
                    }
                }
            }
        } catch (Exception | Error e) {
            if (!(e instanceof StorageException) && !(e instanceof NoSuchFileException)) {
                lease.discard();
            }
            lease.close();
            throw e;
        }
    }

    private BlobInputStream open(ConnectionPool<S>.Lease lease, String key, ByteRange range) throws IOException {
        FileSession.Entry found = existingFile(lease.connection(), key);
        BlobInfo info = info(key, found);
        long offset = range == null ? 0 : range.offset();
        if (offset > 0 && offset >= info.size()) {
            throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "range " + range
                    + " starts at or past the end of the object (size " + info.size() + ")");
        }
        long length = range == null ? info.size() : range.lengthWithin(info.size());
        if (length == 0) {
            if (info.size() == 0 && !lease.connection().replacesAtomically()) {
                confirmEmpty(lease.connection(), key);
            }
            lease.close();
            return new BlobInputStream(InputStream.nullInputStream(), info, range);
        }
        FileSession.Opened opened = lease.connection().open(key, offset);
        InputStream in = opened.in();
        if (opened.entry() != null && !opened.entry().equals(found)) {
            // replaced between the look-up and the open: describe what is open, which is what will be read
            info = info(key, opened.entry());
            if (offset > 0 && offset >= info.size()) {
                closeAfterFailure(in, null);
                throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "range " + range
                        + " starts at or past the end of the object (size " + info.size() + ")");
            }
            length = range == null ? info.size() : range.lengthWithin(info.size());
        }
        if (!lease.connection().replacesAtomically()) {
            in = firstByteOrMissing(in, key);
        }
        return new BlobInputStream(new LeasedInputStream(in, length, offset + length == info.size(), lease), info,
                range);
    }

    @Override
    public BlobInfo stat(String key) throws Exception {
        checkKey(key);
        try (ConnectionPool<S>.Lease lease = pool.borrow()) {
            return withSession(lease, s -> {
                long deadline = System.nanoTime() + REPLACE_WINDOW_NANOS;
                while (true) {
                    try {
                        return info(key, existingFile(s, key));
                    } catch (StorageException e) {
                        if (s.replacesAtomically() || !pauseBefore(deadline)) {
                            throw e; // see get(): an overwrite in progress on such servers
                        }
                    }
                }
            });
        }
    }

    private FileSession.Entry existingFile(S s, String key) throws IOException {
        FileSession.Entry e = s.stat(key);
        if (e == null || e.directory() || e.link()) {
            throw StorageException.of(ErrorCode.NOT_FOUND, e == null ? "no object under this key"
                    : "no object under this key (it is a " + (e.link() ? "link" : "folder") + ")");
        }
        return e;
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        try (ConnectionPool<S>.Lease lease = pool.borrow()) {
            HierarchicalLister lister = new HierarchicalLister(folder -> children(lease.connection(), folder));
            return withSession(lease, s -> lister.list(options, pageToken));
        }
    }

    private List<HierarchicalLister.Child> children(S s, String folder) throws IOException {
        String path = folder.isEmpty() ? "" : folder.substring(0, folder.length() - 1);
        List<HierarchicalLister.Child> out = new ArrayList<>();
        Instant staleBefore = Instant.now().minus(STALE_TEMP_AGE);
        for (FileSession.Entry e : s.list(path)) {
            if (e.name().startsWith(TEMP_PREFIX) && !e.directory() && !e.link() && e.lastModified() != null
                    && e.lastModified().isBefore(staleBefore)) {
                removeStale(s, folder + e.name());
            }
            if (e.link() || e.name().startsWith(TEMP_PREFIX)) {
                continue; // links may lead out of the root; temporary files are half-written objects
            }
            String filePath = folder + e.name();
            // loaded only when listed: some servers' listings are coarser than stat (see FileSession.refine)
            out.add(e.directory() ? HierarchicalLister.Child.folder(e.name())
                    : HierarchicalLister.Child.object(e.name(), key -> {
                        FileSession.Entry exact = s.refine(filePath, e);
                        return exact == null ? null : info(key, exact);
                    }));
        }
        return out;
    }

    /**
     * Removes a stale temporary file met while listing: the write it belonged to was cut off without a chance to
     * clean up (a killed client). Quietly: a server that refuses leaves it hidden, as before.
     */
    private static void removeStale(FileSession s, String path) {
        try {
            s.delete(path);
        } catch (IOException | RuntimeException ignored) {
            // read-only user or a server going away: the file stays hidden and is tried again next listing
        }
    }

    @Override
    public void delete(String key) throws Exception {
        checkKey(key);
        try (ConnectionPool<S>.Lease lease = pool.borrow()) {
            withSession(lease, s -> {
                if (!s.delete(key)) {
                    FileSession.Entry e = s.stat(key);
                    if (e == null || e.directory()) {
                        return null; // nothing to delete; a folder is not an object
                    }
                    throw new IOException("the server refused to delete the file");
                }
                // folders left empty are removed, so listings show no empty "folders", as object stores do
                for (String p = parentOf(key); !p.isEmpty(); p = parentOf(p.substring(0, p.length() - 1))) {
                    if (!s.rmdir(p.substring(0, p.length() - 1))) {
                        break;
                    }
                }
                return null;
            });
        }
    }

    /**
     * Metadata of a file: size, modification time and an ETag derived from both and from the server's version of the
     * file where it gives one. Servers that give times to the second and no version keep the ETag of a same-size
     * overwrite made within the same second.
     */
    protected BlobInfo info(String key, FileSession.Entry e) throws IOException {
        long millis = e.lastModified() == null ? 0 : e.lastModified().toEpochMilli();
        String etag = Long.toHexString(e.size()) + "-" + Long.toHexString(millis);
        if (e.version() != null) {
            String v = e.version();
            etag += "-" + (v.matches("[A-Za-z0-9._]{1,64}") ? v : Integer.toHexString(v.hashCode()));
        }
        return BlobInfo.builder(key).size(e.size()).lastModified(e.lastModified()).etag(etag).build();
    }

    @Override
    public void close() throws Exception {
        pool.close();
    }

    private interface SessionCall<S, T> {
        T call(S session) throws Exception;
    }

    /** Runs a call on a leased session, discarding the session when the call fails in a way that may break it. */
    private <T> T withSession(ConnectionPool<S>.Lease lease, SessionCall<S, T> call) throws Exception {
        try {
            return call.call(lease.connection());
        } catch (Exception | Error e) {
            if (!(e instanceof StorageException)) {
                lease.discard();
            }
            throw e;
        }
    }

    /**
     * Servers that open the file only once the transfer has started report a file deleted in between as an empty
     * transfer: a stream that should have bytes but has none is taken as "missing", so that get looks again.
     */
    private static InputStream firstByteOrMissing(InputStream in, String key) throws IOException {
        PushbackInputStream p = new PushbackInputStream(in, 1);
        int b = p.read();
        if (b < 0) {
            try {
                p.close();
            } catch (IOException expected) {
                // the server's failure reply for the vanished file; sessions read that reply even when closing
                // the data connection fails, so the connection stays in step and may go back to the pool
            }
            throw new NoSuchFileException(key, null, "the file went away as its transfer began");
        }
        p.unread(b);
        return p;
    }

    /**
     * On servers that replace by delete + rename, a file said to be empty may have been described while it was being
     * replaced: Apache FtpServer checks that the file exists and then reads its size from the path, which gives 0 when
     * the file was deleted in between, even if the new file is renamed in before the answer is done. It is read to be
     * sure: a file that yields a byte was replaced as it was looked at, and is taken as "missing", so that get looks
     * again; one that went away is missing too.
     */
    private static void confirmEmpty(FileSession s, String key) throws IOException {
        InputStream in = s.read(key, 0);
        int first;
        try {
            first = in.read();
        } catch (IOException | RuntimeException e) {
            closeAfterFailure(in, e);
            throw e;
        }
        if (first < 0) {
            try {
                in.close();
            } catch (IOException gone) {
                // the server's failure reply for a file that went away as its transfer began (see firstByteOrMissing)
                throw new NoSuchFileException(key, null, "the file went away as its transfer began");
            }
            return;
        }
        in.close(); // abandons the transfer
        throw new NoSuchFileException(key, null, "the file was said to be empty as it was being replaced");
    }

    /** Waits a moment before looking again; false when the deadline has passed. */
    private static boolean pauseBefore(long deadline) {
        if (System.nanoTime() >= deadline) {
            return false;
        }
        java.util.concurrent.locks.LockSupport.parkNanos(2_000_000L);
        return !Thread.currentThread().isInterrupted();
    }

    private static void checkKey(String key) {
        for (String segment : key.split("/")) {
            if (segment.startsWith(TEMP_PREFIX)) {
                throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "path segments starting with '" + TEMP_PREFIX
                        + "' are reserved for the temporary files of writes in progress");
            }
        }
    }

    /** "a/b/" for "a/b/c", "" for "c". */
    private static String parentOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash >= 0 ? key.substring(0, slash + 1) : "";
    }
}
