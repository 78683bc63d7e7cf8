package dev.stowage.local;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.FileSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The local file system as a {@link FileSession}: the folder operations the shared file-server driver needs, on NIO,
 * below one root folder. Stateless, so one session serves every thread. Writes stage in the store's own
 * {@code .stowage/tmp} folder; symbolic links are never followed out of the root (nor, when reading, at all); an
 * entry's version is the file's {@link FileState} tag (size, times and identity, ctime included), which is its ETag.
 * With {@code fsync}, written files and the folders whose entries change are flushed to the disk.
 */
final class LocalSession implements FileSession {
    /** The folder under the root that holds temporary files and metadata; never listed, its keys refused. */
    static final String SYSTEM_DIR = ".stowage";

    private final Path root;
    private final Path tmpDir;
    private final boolean fsync;
    private final NoFollowOpener opener;

    /**
     * @param realRoot the store's root folder, as a real path
     */
    LocalSession(Path realRoot, boolean fsync) {
        this.root = realRoot;
        this.tmpDir = realRoot.resolve(SYSTEM_DIR).resolve("tmp");
        this.fsync = fsync;
        this.opener = new NoFollowOpener(realRoot);
    }

    Path root() {
        return root;
    }

    Path tmpDir() {
        return tmpDir;
    }

    /** The file of a key or folder path, refusing paths that would leave the root or use the reserved folder. */
    Path resolve(String path) throws IOException {
        Path p = withinRoot(path);
        if (p.equals(root)) {
            return root;
        }
        // A symbolic link anywhere on the way could lead out of the root: check the existing part of the path.
        Path existing = p;
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing != null && !existing.toRealPath().startsWith(root)) {
            throw StorageException.builder(ErrorCode.PERMISSION_DENIED,
                    "the key's path goes through a symbolic link that points outside the store's root")
                    .hint("links out of the root are refused so that no key can reach other files").build();
        }
        return p;
    }

    /**
     * The path of a key or folder below the root, as text alone: the reserved folder and paths leaving the root are
     * refused, links are not looked at ({@link #resolve} does).
     */
    private Path withinRoot(String path) {
        if (path.equals(SYSTEM_DIR) || path.startsWith(SYSTEM_DIR + "/")) {
            throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "keys under '" + SYSTEM_DIR
                    + "/' are reserved for the local store's temporary files and metadata");
        }
        if (path.isEmpty()) {
            return root;
        }
        Path p = root.resolve(path).normalize();
        if (!p.startsWith(root) || p.equals(root)) {
            throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "key resolves outside the store's root");
        }
        return p;
    }

    /** Temporary paths are in {@code .stowage/tmp}, which only the store itself uses. */
    private Path resolveAny(String path) throws IOException {
        return path.startsWith(SYSTEM_DIR + "/tmp/") ? root.resolve(path) : resolve(path);
    }

    @Override
    public String temporaryPath(String key, String unique) {
        return SYSTEM_DIR + "/tmp/" + unique + ".part";
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
        Path dir = resolve(folder);
        List<Entry> out = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (folder.isEmpty() && name.equals(SYSTEM_DIR)) {
                    continue;
                }
                Entry e = entry(p, name);
                if (e != null) {
                    out.add(e);
                }
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        return out;
    }

    @Override
    public Entry stat(String path) throws IOException {
        Path p = resolveAny(path);
        return entry(p, p.getFileName().toString());
    }

    /** The entry of a file from one lstat, or null when nothing is there (or a part of its path is a file). */
    private static Entry entry(Path p, String name) throws IOException {
        FileState state;
        try {
            state = FileState.read(p);
        } catch (NoSuchFileException e) {
            return null;
        } catch (FileSystemException e) {
            if (isNotADirectory(e)) {
                return null;
            }
            throw e;
        }
        return entry(name, state);
    }

    /** An entry from one lstat: kind, size, time and the version that is its ETag. */
    static Entry entry(String name, FileState state) {
        return new Entry(name, state.directory(), state.link(), state.directory() ? 0 : state.size(),
                state.modified().toInstant(), version(state));
    }

    /** The ETag, then the tag earlier versions gave, which metadata recorded before an upgrade names. */
    private static String version(FileState state) {
        return state.etag() + ":" + state.legacyEtag();
    }

    /** The ETag a {@linkplain Entry#version() version} holds. */
    static String etag(Entry e) {
        String v = e.version();
        return v.substring(0, v.indexOf(':'));
    }

    /** The ETag earlier versions gave the same file, from a {@linkplain Entry#version() version}. */
    static String legacyEtag(Entry e) {
        String v = e.version();
        return v.substring(v.indexOf(':') + 1);
    }

    @Override
    public boolean mkdir(String path) throws IOException {
        Path dir = resolve(path);
        try {
            Files.createDirectory(dir);
        } catch (FileAlreadyExistsException | NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            if (isNotADirectory(e)) {
                return false;
            }
            throw e;
        }
        if (fsync) {
            syncFolder(dir.getParent()); // the new folder must not be lost with the page cache
        }
        return true;
    }

    @Override
    public boolean rmdir(String path) throws IOException {
        try {
            Files.delete(resolve(path));
            return true;
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            return false;
        } catch (FileSystemException e) {
            if (isNotADirectory(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public OutputStream create(String path) throws IOException {
        Path file = resolveAny(path);
        if (file.startsWith(tmpDir)) {
            Files.createDirectories(tmpDir); // made on first use (and again if removed), so reads leave no trace
        }
        FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new OutputStream() {
            private boolean closed;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                ByteBuffer buf = ByteBuffer.wrap(b, off, len);
                while (buf.hasRemaining()) {
                    channel.write(buf);
                }
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                try (channel) {
                    if (fsync) {
                        channel.force(true);
                    }
                }
            }
        };
    }

    @Override
    public InputStream read(String path, long offset) throws IOException {
        return open(path, offset).in();
    }

    /**
     * Opens the file without following links, and describes the file opened: its entry by name when that names the
     * file that was opened (same identity, size and time), else, after a few tries to catch up with a writer, what the
     * opened file's own attributes say (no change time).
     */
    @Override
    public Opened open(String path, long offset) throws IOException {
        // the opener itself refuses any link on the way, so resolve()'s walk of the path is not needed again
        Path file = withinRoot(path);
        NoFollowOpener.Opened opened = opener.open(file);
        FileState state = null;
        try {
            for (int attempt = 0; attempt < 5 && state == null; attempt++) {
                FileState byName = FileState.read(file);
                if (Objects.equals(opened.attrs().fileKey(), byName.fileKey())
                        && opened.attrs().size() == byName.size()
                        && opened.attrs().lastModifiedTime().equals(byName.modified())) {
                    state = byName;
                } else if (attempt < 4) {
                    opened.channel().close();
                    opened = opener.open(file);
                }
            }
            SeekableByteChannel channel = opened.channel();
            if (state == null) {
                state = FileState.of(opened.attrs());
            }
            if (!state.regularFile()) {
                throw new NoSuchFileException(path, null, "not a file");
            }
            channel.position(offset);
            return new Opened(Channels.newInputStream(channel), entry(file.getFileName().toString(), state));
        } catch (IOException | RuntimeException e) {
            opened.channel().close();
            throw e;
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        Path target = resolve(to);
        clearEmptyFolder(target);
        Files.move(resolveAny(from), target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        if (fsync) {
            syncFolder(target.getParent());
        }
    }

    /** Links the file in only where nothing is: {@code link()} fails atomically when the target exists. */
    @Override
    public boolean renameIfAbsent(String from, String to) throws IOException {
        Path target = resolve(to);
        Path source = resolveAny(from);
        try {
            Files.createLink(target, source);
        } catch (FileAlreadyExistsException e) {
            return false;
        }
        Files.delete(source);
        if (fsync) {
            syncFolder(target.getParent());
        }
        return true;
    }

    /**
     * An object cannot replace a folder that holds objects; an empty folder (left by another tool or a crash) is
     * removed so that the key can be written. A folder with files in it makes the rename fail.
     */
    private static void clearEmptyFolder(Path target) throws IOException {
        if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
            try {
                Files.delete(target);
            } catch (DirectoryNotEmptyException e) {
                // the rename fails, and the driver names the folder
            }
        }
    }

    /** Deletes a file, never a folder or what a link points to. */
    @Override
    public boolean delete(String path) throws IOException {
        Path file = resolveAny(path);
        if (Files.isDirectory(file, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        boolean deleted;
        try {
            deleted = Files.deleteIfExists(file);
        } catch (FileSystemException e) {
            if (isNotADirectory(e)) {
                return false;
            }
            throw e;
        }
        if (deleted && fsync) {
            syncFolder(file.getParent());
        }
        return deleted;
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

    /** "Not a directory": a part of the path is a file, so nothing exists below it. */
    static boolean isNotADirectory(Throwable failure) {
        return failure instanceof FileSystemException fse
                && !(failure instanceof NoSuchFileException)
                && fse.getReason() != null && fse.getReason().contains("Not a directory");
    }
}
