package dev.stowage.local;

import dev.stowage.BlobInfo;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.ConnectionPool;
import dev.stowage.spi.Errors;
import dev.stowage.spi.FileServerDriver;
import dev.stowage.spi.FileSession;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

/**
 * A folder on the local file system as a store: the shared file-server driver ({@link FileServerDriver}) on an NIO
 * session ({@link LocalSession}), so local folders, FTP and SFTP share one implementation of writes (a temporary file
 * moved into place atomically, so a failed or interrupted write leaves no partial object), folder pruning and
 * ordered listing. What a local store adds: content type, cache-control and user metadata in a record beside each
 * object ({@code .stowage/meta}), conditional writes, server-side copy, and {@code fsync}. Keys are paths below the
 * root; symbolic links are never followed out of it. Thread-safe; writes to the same key are serialised within this
 * process, across every store opened on the same folder.
 *
 * <p>With {@code fsync}, a write is flushed to the disk before it is moved into place, and the folders it changed
 * are flushed after, so an object a put has returned survives a power loss; a delete flushes its folder too.
 * Without it a crash still never leaves a partial object, but the last writes may be lost with the page cache.
 */
final class LocalDriver extends FileServerDriver<LocalSession> {
    /** The folder under the root that holds temporary files and metadata; never listed. */
    static final String SYSTEM_DIR = LocalSession.SYSTEM_DIR;
    private static final Duration STALE_TEMPORARY_FILE_AGE = Duration.ofDays(1);

    private final Path root;
    private final LocalSession session;
    private final Path metaDir;
    private final KeyLocks locks;
    private final boolean fsync;

    LocalDriver(Path root) throws IOException {
        this(root, false);
    }

    LocalDriver(Path root, boolean fsync) throws IOException {
        this(root, new LocalSession(root.toRealPath(), fsync), fsync);
    }

    private LocalDriver(Path root, LocalSession session, boolean fsync) throws IOException {
        super(new ConnectionPool<>("local " + session.root(), Integer.MAX_VALUE, Duration.ofSeconds(1),
                new ConnectionPool.Connector<>() {
                    @Override
                    public LocalSession connect() {
                        return session; // stateless: one serves every thread
                    }

                    @Override
                    public boolean isUsable(LocalSession connection) {
                        return true;
                    }

                    @Override
                    public void disconnect(LocalSession connection) {
                        // nothing is held open between calls
                    }
                }));
        this.root = root;
        this.session = session;
        this.fsync = fsync;
        this.locks = KeyLocks.forRoot(session.root());
        this.metaDir = session.root().resolve(SYSTEM_DIR).resolve("meta");
        // the temporary folder is made by the first write, so that opening a folder only to read it (ls, stat,
        // a copy's source) leaves no trace in it
        sweepStaleTemporaryFiles();
    }

    /**
     * Removes temporary files left by writes that were killed mid-way (a crashed process cannot clean up after
     * itself). Only files older than a day go: a write in progress in another process keeps its file.
     */
    private void sweepStaleTemporaryFiles() throws IOException {
        Path tmpDir = session.tmpDir();
        if (!Files.isDirectory(tmpDir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Instant cutoff = Instant.now().minus(STALE_TEMPORARY_FILE_AGE);
        try (DirectoryStream<Path> files = Files.newDirectoryStream(tmpDir)) {
            for (Path file : files) {
                try {
                    if (Files.getLastModifiedTime(file, LinkOption.NOFOLLOW_LINKS).toInstant().isBefore(cutoff)) {
                        Files.deleteIfExists(file);
                    }
                } catch (IOException raced) {
                    // removed or being replaced by another process: not ours to worry about
                }
            }
        }
    }

    Path root() {
        return session.root();
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).conditionalPut(true)
                .userMetadata(true).contentType(true).cacheControl(true).trueDirectories(true).build();
    }

    /** One lock per key for every store on this root in this process, so their conditional writes do not race. */
    @Override
    protected Object lockFor(String key) {
        return locks.forKey(key);
    }

    /** Records what the file cannot keep beside it, under the key's lock, naming the version it describes. */
    @Override
    protected BlobInfo placed(LocalSession s, String key, FileSession.Entry e, PutOptions options) throws IOException {
        Sidecar sidecar = new Sidecar(LocalSession.etag(e), options.contentType(), options.cacheControl(),
                options.metadata());
        Path meta = metaFile(key);
        if (sidecar.isEmpty()) {
            if (Files.deleteIfExists(meta) && fsync) {
                syncFolders(meta.getParent(), null);
            }
        } else {
            Files.createDirectories(session.tmpDir());
            sidecar.write(meta, session.tmpDir(), fsync ? session.root() : null);
        }
        return toInfo(key, e, sidecar);
    }

    /** A file's metadata, with its record when the record describes this version of the file. */
    @Override
    protected BlobInfo info(String key, FileSession.Entry e) throws IOException {
        Sidecar sidecar = Sidecar.read(metaFile(key));
        if (sidecar != null && !LocalSession.etag(e).equals(sidecar.forEtag())
                && !LocalSession.legacyEtag(e).equals(sidecar.forEtag())) {
            sidecar = null; // describes an earlier version
        }
        return toInfo(key, e, sidecar);
    }

    private static BlobInfo toInfo(String key, FileSession.Entry e, Sidecar sidecar) {
        return BlobInfo.builder(key).size(e.size()).etag(LocalSession.etag(e)).lastModified(e.lastModified())
                .contentType(sidecar == null ? null : sidecar.contentType())
                .cacheControl(sidecar == null ? null : sidecar.cacheControl())
                .userMetadata(sidecar == null ? Map.of() : sidecar.userMetadata())
                .build();
    }

    private Path metaFile(String key) {
        return metaDir.resolve(key);
    }

    @Override
    public void delete(String key) throws Exception {
        session.resolve(key); // refuses reserved and escaping keys before anything is touched
        synchronized (locks.forKey(key)) {
            super.delete(key);
            Files.deleteIfExists(metaFile(key));
            pruneEmptyFolders(metaFile(key).getParent(), metaDir);
        }
    }

    /** Removes record folders left empty by a delete. */
    private static void pruneEmptyFolders(Path dir, Path stopAt) {
        Path d = dir;
        while (d != null && d.startsWith(stopAt) && !d.equals(stopAt)) {
            try {
                Files.delete(d);
            } catch (IOException notEmptyOrGone) {
                return;
            }
            d = d.getParent();
        }
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) throws Exception {
        BlobInfo src = stat(sourceKey);
        PutOptions opts = PutOptions.builder().contentType(src.contentType()).cacheControl(src.cacheControl())
                .metadata(src.userMetadata()).build();
        return put(targetKey, ContentSource.ofPath(session.resolve(sourceKey)), opts);
    }

    /**
     * The outermost folder on the way to {@code folder}, below {@code root}, that does not exist yet, or null when
     * {@code folder} exists.
     */
    static Path firstMissingFolder(Path folder, Path root) {
        Path missing = null;
        for (Path p = folder; p != null && p.startsWith(root) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS);
                p = p.getParent()) {
            missing = p;
        }
        return missing;
    }

    /**
     * Flushes {@code folder}'s entries to the disk and, when {@code created} names a folder made on the way there,
     * those of every folder from {@code folder} up to {@code created}'s parent, so that new folders are not lost.
     */
    static void syncFolders(Path folder, Path created) throws IOException {
        Path stop = created == null ? folder : created.getParent();
        for (Path p = folder; p != null; p = p.getParent()) {
            LocalSession.syncFolder(p);
            if (p.equals(stop)) {
                return;
            }
        }
    }


    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        StorageException se = Errors.classify(failure);
        if (failure instanceof FileSystemException fse && se.code() == ErrorCode.UNAVAILABLE
                && fse.getReason() != null && fse.getReason().contains("No space")) {
            return StorageException.builder(ErrorCode.UNAVAILABLE, "the disk is full").cause(failure).build();
        }
        if (se.code() == ErrorCode.NOT_FOUND || LocalSession.isNotADirectory(failure)) {
            // "Not a directory": a part of the key's path is an object, so nothing can exist below it
            return StorageException.builder(ErrorCode.NOT_FOUND, "no object under this key").cause(failure).build();
        }
        if (failure instanceof InvalidPathException) {
            String charset = System.getProperty("sun.jnu.encoding", "");
            return StorageException.builder(ErrorCode.INVALID_ARGUMENT, "the key cannot be a file name here")
                    .hint(charset.equalsIgnoreCase("UTF-8") ? null : "the JVM names files in " + charset
                            + ", which cannot spell this key; start Java with a UTF-8 locale (e.g. LANG=C.UTF-8)")
                    .cause(failure).build();
        }
        if (failure instanceof FileSystemException fse && fse.getReason() != null
                && fse.getReason().contains("File name too long")) {
            return StorageException.builder(ErrorCode.INVALID_ARGUMENT, "a segment of the key is longer than the "
                    + "file system allows").hint("keep each '/'-separated part of a key under 255 bytes on a local "
                    + "store").cause(failure).build();
        }
        return se;
    }


    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == Path.class) {
            return Optional.of(type.cast(root));
        }
        return super.unwrap(type);
    }
}
