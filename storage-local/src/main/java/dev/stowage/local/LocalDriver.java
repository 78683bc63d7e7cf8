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
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * A folder on the local file system as a store. Writes go to a temporary file in the store's own
 * {@code .stowage/tmp} folder and are moved into place atomically, so a failed or interrupted write leaves no
 * partial object. Keys are paths below the root; symbolic links are never followed out of it.
 * Thread-safe; writes to the same key are serialised within this process.
 */
final class LocalDriver implements BlobStoreDriver {
    /** The folder under the root that holds temporary files and metadata; never listed. */
    static final String SYSTEM_DIR = ".stowage";

    private final Path root;
    private final Path realRoot;
    private final Path tmpDir;
    private final Path metaDir;
    private final KeyLocks locks = new KeyLocks();
    private final LocalLister lister = new LocalLister(this);

    LocalDriver(Path root) throws IOException {
        this.root = root;
        this.realRoot = root.toRealPath();
        this.tmpDir = realRoot.resolve(SYSTEM_DIR).resolve("tmp");
        this.metaDir = realRoot.resolve(SYSTEM_DIR).resolve("meta");
        Files.createDirectories(tmpDir);
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
        Path tmp = tmpDir.resolve(UUID.randomUUID() + ".part");
        try {
            try (InputStream in = content.open(); OutputStream out = Files.newOutputStream(tmp,
                    StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                in.transferTo(out);
            }
            synchronized (locks.forKey(key)) {
                ensureParentFolders(key, target);
                checkCondition(key, target, options);
                if (options.ifNoneMatch() != null) {
                    // link() fails atomically when the target exists: create-if-absent without a race
                    try {
                        Files.createLink(target, tmp);
                    } catch (FileAlreadyExistsException e) {
                        throw preconditionFailed("an object already exists under the key");
                    }
                } else {
                    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
                        throw StorageException.of(ErrorCode.ALREADY_EXISTS, "a folder with objects in it has this "
                                + "name; a local store cannot hold both 'k' and 'k/...'");
                    }
                    Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                }
                BasicFileAttributes attrs = Files.readAttributes(target, BasicFileAttributes.class,
                        LinkOption.NOFOLLOW_LINKS);
                String etag = etag(attrs);
                Sidecar sidecar = new Sidecar(etag, options.contentType(), options.cacheControl(), options.metadata());
                Path meta = metaFile(key);
                if (sidecar.isEmpty()) {
                    Files.deleteIfExists(meta);
                } else {
                    sidecar.write(meta, tmpDir);
                }
                return toInfo(key, attrs, sidecar);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    private void checkCondition(String key, Path target, PutOptions options) throws IOException {
        if (options.ifMatch() == null) {
            return;
        }
        BasicFileAttributes attrs;
        try {
            attrs = Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException e) {
            throw preconditionFailed("ifMatch was given but no object exists under the key");
        }
        if (!etag(attrs).equals(options.ifMatch())) {
            throw preconditionFailed("the object's ETag is not '" + options.ifMatch() + "'");
        }
    }

    private static StorageException preconditionFailed(String detail) {
        return StorageException.of(ErrorCode.PRECONDITION_FAILED, detail);
    }

    private void ensureParentFolders(String key, Path target) throws IOException {
        Path parent = target.getParent();
        if (parent.equals(realRoot) || Files.isDirectory(parent, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        try {
            Files.createDirectories(parent);
        } catch (FileAlreadyExistsException e) {
            throw StorageException.builder(ErrorCode.ALREADY_EXISTS, "'" + realRoot.relativize(Path.of(e.getFile()))
                    + "' is an object, so it cannot also be a folder").hint("a local store cannot hold both "
                    + "'k' and 'k/...'; choose another key").build();
        }
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws IOException {
        Path file = resolve(key);
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            BlobInfo info = info(key, file);
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
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (!attrs.isRegularFile()) {
            throw new NoSuchFileException(key, null, "not a file (a folder or a link)");
        }
        Sidecar sidecar = Sidecar.read(metaFile(key));
        String etag = etag(attrs);
        if (sidecar != null && !etag.equals(sidecar.forEtag())) {
            sidecar = null; // describes an earlier version
        }
        return toInfo(key, attrs, sidecar);
    }

    private static BlobInfo toInfo(String key, BasicFileAttributes attrs, Sidecar sidecar) {
        return BlobInfo.builder(key).size(attrs.size()).etag(etag(attrs))
                .lastModified(attrs.lastModifiedTime().toInstant())
                .contentType(sidecar == null ? null : sidecar.contentType())
                .cacheControl(sidecar == null ? null : sidecar.cacheControl())
                .userMetadata(sidecar == null ? Map.of() : sidecar.userMetadata())
                .build();
    }

    /**
     * A version tag from the file's identity, size and modification time. Every write replaces the file with a
     * new one, so the tag changes with the content without hashing it.
     */
    static String etag(BasicFileAttributes attrs) {
        long h = 1125899906842597L;
        h = 31 * h + attrs.size();
        h = 31 * h + attrs.lastModifiedTime().toInstant().getEpochSecond();
        h = 31 * h + attrs.lastModifiedTime().toInstant().getNano();
        h = 31 * h + (attrs.fileKey() == null ? 0 : attrs.fileKey().hashCode());
        return HexFormat.of().toHexDigits(h);
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
            Files.deleteIfExists(file);
            Files.deleteIfExists(metaFile(key));
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
        if (failure instanceof java.nio.file.FileSystemException fse && se.code() == ErrorCode.UNAVAILABLE
                && fse.getReason() != null && fse.getReason().contains("No space")) {
            return StorageException.builder(ErrorCode.UNAVAILABLE, "the disk is full").cause(failure).build();
        }
        if (se.code() == ErrorCode.NOT_FOUND) {
            return StorageException.builder(ErrorCode.NOT_FOUND, "no object under this key").cause(failure).build();
        }
        return se;
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
