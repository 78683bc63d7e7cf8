package dev.stowage.local;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.Errors;
import dev.stowage.spi.ListPage;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A folder on the local file system as a store. Writes go to a temporary file in the store's own
 * {@code .stowage/tmp} folder and are moved into place atomically, so a failed or interrupted write leaves no
 * partial object. Keys are paths below the root; symbolic links are never followed out of it.
 * Thread-safe; writes to the same key are serialised within this process, across every store opened on the
 * same folder.
 *
 * <p>With {@code fsync}, a write is flushed to the disk before it is moved into place, and the folders it changed
 * are flushed after, so an object a put has returned survives a power loss; a delete flushes its folder too.
 * Without it a crash still never leaves a partial object, but the last writes may be lost with the page cache.
 */
final class LocalDriver implements BlobStoreDriver {
    /** The folder under the root that holds temporary files and metadata; never listed. */
    static final String SYSTEM_DIR = ".stowage";
    private static final Duration STALE_TEMPORARY_FILE_AGE = Duration.ofDays(1);

    private final Path root;
    private final Path realRoot;
    private final Path tmpDir;
    private final Path metaDir;
    private final KeyLocks locks;
    private final boolean fsync;
    private final LocalLister lister = new LocalLister(this);
    private final NoFollowOpener opener;

    LocalDriver(Path root) throws IOException {
        this(root, false);
    }

    LocalDriver(Path root, boolean fsync) throws IOException {
        this.root = root;
        this.fsync = fsync;
        this.realRoot = root.toRealPath();
        this.opener = new NoFollowOpener(realRoot);
        this.locks = KeyLocks.forRoot(realRoot);
        this.tmpDir = realRoot.resolve(SYSTEM_DIR).resolve("tmp");
        this.metaDir = realRoot.resolve(SYSTEM_DIR).resolve("meta");
        // the temporary folder is made by the first write, so that opening a folder only to read it (ls, stat,
        // a copy's source) leaves no trace in it
        sweepStaleTemporaryFiles();
    }

    /** The folder writes stage their files in, made on first use (and again if someone removed it). */
    private Path tmpDir() throws IOException {
        Files.createDirectories(tmpDir);
        return tmpDir;
    }

    /**
     * Removes temporary files left by writes that were killed mid-way (a crashed process cannot clean up after
     * itself). Only files older than a day go: a write in progress in another process keeps its file.
     */
    private void sweepStaleTemporaryFiles() throws IOException {
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
        return realRoot;
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).conditionalPut(true)
                .userMetadata(true).contentType(true).cacheControl(true).trueDirectories(true).build();
    }

    /** The file of a key, refusing keys that would leave the root or use the reserved folder. */
    Path resolve(String key) throws IOException {
        if (key.equals(SYSTEM_DIR) || key.startsWith(SYSTEM_DIR + "/")) {
            throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "keys under '" + SYSTEM_DIR
                    + "/' are reserved for the local store's temporary files and metadata");
        }
        Path p = realRoot.resolve(key).normalize();
        if (!p.startsWith(realRoot) || p.equals(realRoot)) {
            throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "key resolves outside the store's root");
        }
        // A symbolic link anywhere on the way could lead out of the root: check the existing part of the path.
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && !existing.toRealPath().startsWith(realRoot)) {
            throw StorageException.builder(ErrorCode.PERMISSION_DENIED,
                    "the key's path goes through a symbolic link that points outside the store's root")
                    .hint("links out of the root are refused so that no key can reach other files").build();
        }
        return p;
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws IOException {
        Path target = resolve(key);
        Path tmp = tmpDir().resolve(UUID.randomUUID() + ".part");
        try {
            try (InputStream in = content.open(); FileChannel channel = FileChannel.open(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(Channels.newOutputStream(channel));
                if (fsync) {
                    channel.force(true);
                }
            }
            synchronized (locks.forKey(key)) {
                checkCondition(target, options);
                Path newFolder = fsync ? firstMissingFolder(target.getParent(), realRoot) : null;
                FileState attrs = place(tmp, target, options);
                if (fsync) {
                    syncFolders(target.getParent(), newFolder);
                }
                String etag = attrs.etag();
                Sidecar sidecar = new Sidecar(etag, options.contentType(), options.cacheControl(), options.metadata());
                Path meta = metaFile(key);
                if (sidecar.isEmpty()) {
                    if (Files.deleteIfExists(meta) && fsync) {
                        syncFolders(meta.getParent(), null);
                    }
                } else {
                    sidecar.write(meta, tmpDir, fsync ? realRoot : null);
                }
                return toInfo(key, attrs, sidecar);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
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
            syncFolder(p);
            if (p.equals(stop)) {
                return;
            }
        }
    }

    /** Flushes one folder's entries; a platform that cannot open folders (Windows) journals them itself. */
    static void syncFolder(Path folder) throws IOException {
        FileChannel channel;
        try {
            channel = FileChannel.open(folder, StandardOpenOption.READ);
        } catch (AccessDeniedException | UnsupportedOperationException notOnThisPlatform) {
            return;
        }
        try (channel) {
            channel.force(true);
        }
    }

    /**
     * Moves the written temporary file to the key's path. A delete of a sibling may prune the parent folder
     * between creating it and moving the file in (deletes of other keys do not take this key's lock), so a
     * vanished folder is created again and the move retried.
     */
    private FileState place(Path tmp, Path target, PutOptions options) throws IOException {
        for (int attempt = 1; ; attempt++) {
            try {
                ensureParentFolders(target);
                if (options.ifNoneMatch() != null) {
                    // link() fails atomically when the target exists: create-if-absent without a race
                    try {
                        Files.createLink(target, tmp);
                    } catch (FileAlreadyExistsException e) {
                        throw preconditionFailed("an object already exists under the key");
                    }
                } else {
                    clearEmptyFolder(target);
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                return FileState.read(target);
            } catch (NoSuchFileException e) {
                if (attempt >= 5 || !Files.exists(tmp, LinkOption.NOFOLLOW_LINKS)) {
                    throw e;
                }
            }
        }
    }

    /**
     * An object cannot replace a folder that holds objects; an empty folder (left by another tool or a crash)
     * is removed so that the key can be written.
     */
    private static void clearEmptyFolder(Path target) throws IOException {
        if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.delete(target);
        } catch (DirectoryNotEmptyException e) {
            throw StorageException.builder(ErrorCode.ALREADY_EXISTS, "a folder with objects in it has this name")
                    .hint("a local store cannot hold both 'k' and 'k/...'; choose another key").cause(e).build();
        }
    }

    private void checkCondition(Path target, PutOptions options) throws IOException {
        if (options.ifMatch() == null) {
            return;
        }
        FileState attrs;
        try {
            attrs = FileState.read(target);
        } catch (NoSuchFileException e) {
            throw preconditionFailed("ifMatch was given but no object exists under the key");
        }
        if (!attrs.etag().equals(options.ifMatch())) {
            throw preconditionFailed("the object's ETag is not '" + options.ifMatch() + "'");
        }
    }

    private static StorageException preconditionFailed(String detail) {
        return StorageException.of(ErrorCode.PRECONDITION_FAILED, detail);
    }

    private void ensureParentFolders(Path target) throws IOException {
        Path parent = target.getParent();
        if (parent.equals(realRoot) || Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            // an object where a folder must go: name it, rather than reporting the file system's words
            for (Path p = parent; p != null && !p.equals(realRoot); p = p.getParent()) {
                if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
                    throw StorageException.builder(ErrorCode.ALREADY_EXISTS, "'" + realRoot.relativize(p)
                            + "' is an object, so it cannot also be a folder").hint("a local store cannot hold "
                            + "both 'k' and 'k/...'; choose another key").cause(e).build();
                }
            }
            throw e;
        }
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws IOException {
        Path file = resolve(key);
        NoFollowOpener.Opened opened = opener.open(file);
        FileState state = null;
        try {
            for (int attempt = 0; attempt < 5 && state == null; attempt++) {
                // The metadata must describe the file that was opened (same identity, size and time); a name
                // replaced meanwhile is opened again, so the newest version is served whole and described.
                FileState byName = FileState.read(file);
                if (java.util.Objects.equals(opened.attrs().fileKey(), byName.fileKey())
                        && opened.attrs().size() == byName.size()
                        && opened.attrs().lastModifiedTime().equals(byName.modified())) {
                    state = byName;
                } else if (attempt < 4) {
                    opened.channel().close();
                    opened = opener.open(file);
                }
            }
        } catch (IOException | RuntimeException e) {
            opened.channel().close();
            throw e;
        }
        SeekableByteChannel channel = opened.channel();
        try {
            // Still racing a writer: describe exactly what is open, from its own attributes (no change time).
            BlobInfo info = info(key, state != null ? state : FileState.of(opened.attrs()));
            InputStream in;
            if (range == null) {
                in = Channels.newInputStream(channel);
            } else {
                if (range.offset() > 0 && range.offset() >= info.size()) {
                    throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "range " + range
                            + " starts at or past the end of the object (size " + info.size() + ")");
                }
                channel.position(range.offset());
                in = new BoundedInputStream(Channels.newInputStream(channel), range.lengthWithin(info.size()));
            }
            return new BlobInputStream(in, info, range);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    @Override
    public BlobInfo stat(String key) throws IOException {
        return info(key, resolve(key));
    }

    BlobInfo info(String key, Path file) throws IOException {
        return info(key, FileState.read(file));
    }

    private BlobInfo info(String key, FileState attrs) throws IOException {
        if (!attrs.regularFile()) {
            throw new NoSuchFileException(key, null, "not a file (a folder or a link)");
        }
        Sidecar sidecar = Sidecar.read(metaFile(key));
        if (sidecar != null && !attrs.etag().equals(sidecar.forEtag())
                && !attrs.legacyEtag().equals(sidecar.forEtag())) {
            sidecar = null; // describes an earlier version
        }
        return toInfo(key, attrs, sidecar);
    }

    private static BlobInfo toInfo(String key, FileState attrs, Sidecar sidecar) {
        return BlobInfo.builder(key).size(attrs.size()).etag(attrs.etag())
                .lastModified(attrs.modified().toInstant())
                .contentType(sidecar == null ? null : sidecar.contentType())
                .cacheControl(sidecar == null ? null : sidecar.cacheControl())
                .userMetadata(sidecar == null ? Map.of() : sidecar.userMetadata())
                .build();
    }

    private Path metaFile(String key) {
        return metaDir.resolve(key);
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws IOException {
        return lister.list(options, pageToken);
    }

    @Override
    public void delete(String key) throws IOException {
        Path file = resolve(key);
        synchronized (locks.forKey(key)) {
            if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
                return; // a folder is not an object: nothing to delete under this key
            }
            boolean deleted = Files.deleteIfExists(file);
            Files.deleteIfExists(metaFile(key));
            if (deleted && fsync) {
                syncFolder(file.getParent()); // before pruning: an emptied folder that stays must not hold it
            }
            pruneEmptyFolders(file.getParent(), realRoot);
            pruneEmptyFolders(metaFile(key).getParent(), metaDir);
        }
    }

    /** Removes folders left empty by a delete, so listings show no empty "folders", as object stores do. */
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
    public BlobInfo copy(String sourceKey, String targetKey) throws IOException {
        BlobInfo src = stat(sourceKey);
        PutOptions opts = PutOptions.builder().contentType(src.contentType()).cacheControl(src.cacheControl())
                .metadata(src.userMetadata()).build();
        return put(targetKey, ContentSource.ofPath(resolve(sourceKey)), opts);
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
        if (se.code() == ErrorCode.NOT_FOUND || isNotADirectory(failure)) {
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

    private static boolean isNotADirectory(Throwable failure) {
        return failure instanceof FileSystemException fse
                && !(failure instanceof NoSuchFileException)
                && fse.getReason() != null && fse.getReason().contains("Not a directory");
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        if (type == Path.class) {
            return Optional.of(type.cast(root));
        }
        return BlobStoreDriver.super.unwrap(type);
    }

    @Override
    public void close() {
        // nothing held open between calls
    }
}
