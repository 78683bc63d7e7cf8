package dev.stowage.local;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.HexFormat;
import java.util.Map;

/**
 * What the local store knows of a file from one {@code lstat}: size, modification and change time, identity.
 * The ETag is made from all of them. The change time (ctime) matters: a tool can rewrite a file in place with the
 * same size and put the old modification time back, but it cannot set the change time, which the kernel moves on
 * every write. Hashing the content would be the only stronger tag, at the cost of reading every file on stat.
 *
 * @param size        bytes
 * @param modified    the modification time
 * @param changed     the inode change time, or {@code null} where the platform does not report it
 * @param fileKey     the file's identity (device and inode), or {@code null}
 * @param regularFile whether it is a regular file (not a folder, link or device)
 * @param directory   whether it is a folder
 * @param link        whether it is a symbolic link (never followed)
 */
record FileState(long size, FileTime modified, FileTime changed, Object fileKey, boolean regularFile,
                 boolean directory, boolean link) {
    private static final boolean UNIX = FileSystems.getDefault().supportedFileAttributeViews().contains("unix");
    private static final String UNIX_ATTRIBUTES =
            "unix:size,lastModifiedTime,ctime,fileKey,isRegularFile,isDirectory,isSymbolicLink";

    /** Reads the state of {@code file} without following a link at its last component. */
    static FileState read(Path file) throws IOException {
        if (UNIX) {
            Map<String, Object> a = Files.readAttributes(file, UNIX_ATTRIBUTES, LinkOption.NOFOLLOW_LINKS);
            return new FileState((Long) a.get("size"), (FileTime) a.get("lastModifiedTime"),
                    (FileTime) a.get("ctime"), a.get("fileKey"), (Boolean) a.get("isRegularFile"),
                    (Boolean) a.get("isDirectory"), (Boolean) a.get("isSymbolicLink"));
        }
        return of(Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
    }

    /** The state basic attributes give, without a change time. */
    static FileState of(BasicFileAttributes attrs) {
        return new FileState(attrs.size(), attrs.lastModifiedTime(), null, attrs.fileKey(), attrs.isRegularFile(),
                attrs.isDirectory(), attrs.isSymbolicLink());
    }

    /** The version tag: changes whenever the content can have changed, without reading the content. */
    String etag() {
        long h = legacyHash();
        if (changed != null) {
            h = 31 * h + changed.toInstant().getEpochSecond();
            h = 31 * h + changed.toInstant().getNano();
        }
        return HexFormat.of().toHexDigits(h);
    }

    /**
     * The tag earlier versions of the local store gave (no change time), so that metadata recorded for a file
     * before an upgrade still applies to it.
     */
    String legacyEtag() {
        return HexFormat.of().toHexDigits(legacyHash());
    }

    private long legacyHash() {
        long h = 1125899906842597L;
        h = 31 * h + size;
        h = 31 * h + modified.toInstant().getEpochSecond();
        h = 31 * h + modified.toInstant().getNano();
        h = 31 * h + (fileKey == null ? 0 : fileKey.hashCode());
        return h;
    }

    /** Whether {@code other} is the same file in the same version. */
    boolean sameVersion(FileState other) {
        return etag().equals(other.etag());
    }
}
