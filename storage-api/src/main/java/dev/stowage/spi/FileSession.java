package dev.stowage.spi;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.time.Instant;
import java.util.List;

/**
 * One connection to a file server (FTP, SFTP, ...), as {@link FileServerDriver} uses it: plain file operations on
 * paths relative to the store's root folder, with '/' between segments. Used by one thread at a time.
 * Paths reaching a session have been validated as keys: no empty, {@code .} or {@code ..} segment, no leading '/'.
 */
public interface FileSession {

    /**
     * What a server says about one file or folder.
     *
     * @param name         the last path segment
     * @param directory    whether it is a folder
     * @param link         whether it is a symbolic link (never followed: links can lead out of the root)
     * @param size         the size in bytes (0 for folders)
     * @param lastModified the modification time, or {@code null} when the server does not say
     * @param version      what else the server says changes with each new file at this path (e.g. an inode or
     *                     FTP's MLST {@code unique} fact), or {@code null}; part of the ETag
     */
    record Entry(String name, boolean directory, boolean link, long size, Instant lastModified, String version) {
        /** An entry without a version beyond size and time. */
        public Entry(String name, boolean directory, boolean link, long size, Instant lastModified) {
            this(name, directory, link, size, lastModified, null);
        }
    }

    /** The entries of a folder ("" for the root), without "." and "..". Empty when the folder does not exist. */
    List<Entry> list(String folder) throws IOException;

    /** What is at a path (not following a link at its end), or {@code null} when nothing is. */
    Entry stat(String path) throws IOException;

    /**
     * A file's entry as {@link #stat} gives it, from the entry a folder listing gave ({@code listed}), for servers
     * whose listings are coarser than their stat (FTP LIST gives times to the minute): object metadata, and so the
     * ETag, must not depend on how it was found. {@code null} when the file went away. By default the listed entry.
     *
     * @param path the file's path
     */
    default Entry refine(String path, Entry listed) throws IOException {
        return listed;
    }

    /** Creates one folder; returns false when it could not (it exists, or the parent is missing or a file). */
    boolean mkdir(String path) throws IOException;

    /** Removes an empty folder; returns false when it could not (not empty, missing). */
    boolean rmdir(String path) throws IOException;

    /**
     * Opens a new file for writing, replacing any. Closing the stream completes the transfer and throws when the
     * server did not store all of it. Throws when the parent folder is missing.
     */
    OutputStream create(String path) throws IOException;

    /**
     * Opens a file for reading from {@code offset}. Closing the stream before its end abandons the transfer
     * and leaves the session usable (or throws, and the session is then discarded).
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    InputStream read(String path, long offset) throws IOException;

    /** An open file, and the entry of exactly the file that was opened when the session can tell ({@code null}). */
    record Opened(InputStream in, Entry entry) {
    }

    /**
     * Opens a file for reading from {@code offset}, as {@link #read}, and says what was opened where the session can
     * tell (a local file's own attributes): a file replaced between the driver's look-up and the open is then
     * described as the file actually read. By default {@link #read} with no entry.
     *
     * @throws java.nio.file.NoSuchFileException when there is no such file
     */
    default Opened open(String path, long offset) throws IOException {
        return new Opened(read(path, offset), null);
    }

    /** Moves a file onto {@code to}, replacing it; atomically where the server can. */
    void rename(String from, String to) throws IOException;

    /**
     * Moves a file onto {@code to} only when nothing is there, in one step; false when something is. For stores whose
     * capabilities say {@code conditionalPut}: by default unsupported.
     */
    default boolean renameIfAbsent(String from, String to) throws IOException {
        throw new UnsupportedOperationException("this session cannot rename only when the target is absent");
    }

    /**
     * Where a write of {@code key} stages its bytes before they are renamed into place: by default a hidden file
     * ({@link FileServerDriver#TEMP_PREFIX}) in the key's own folder, so that the rename stays within one folder. A
     * session may choose a folder of its own, on the same file system.
     *
     * @param unique a name part no other write uses
     */
    default String temporaryPath(String key, String unique) {
        int slash = key.lastIndexOf('/');
        return (slash >= 0 ? key.substring(0, slash + 1) : "") + FileServerDriver.TEMP_PREFIX + unique;
    }

    /** Deletes a file; returns false when there was none. */
    boolean delete(String path) throws IOException;

    /**
     * Whether {@link #rename} replaces a file in one step. Servers that refuse to rename onto an existing file are
     * served by delete + rename; readers then retry briefly when a file they just saw is missing.
     */
    default boolean replacesAtomically() {
        return true;
    }
}
