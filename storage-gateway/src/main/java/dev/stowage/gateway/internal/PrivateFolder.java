package dev.stowage.gateway.internal;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipal;
import java.util.EnumSet;
import java.util.Set;

/**
 * Makes sure a cache folder is private to this process's user: created with mode 0700, and refused when it exists
 * but belongs to someone else, is a symbolic link, or lets other users in. A cache folder others can write to lets
 * them plant "cached" images; one they can read leaks what was served.
 */
public final class PrivateFolder {
    private static final Set<PosixFilePermission> OTHERS = EnumSet.of(PosixFilePermission.GROUP_READ,
            PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_EXECUTE, PosixFilePermission.OTHERS_READ,
            PosixFilePermission.OTHERS_WRITE, PosixFilePermission.OTHERS_EXECUTE);

    private PrivateFolder() {
    }

    /**
     * Creates {@code dir} (mode 0700) if missing, then checks it.
     *
     * @throws IllegalArgumentException naming the folder, what is wrong and how to fix it
     */
    public static Path ensure(Path dir) {
        Path abs = dir.toAbsolutePath().normalize();
        boolean posix = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
        try {
            if (!Files.exists(abs, LinkOption.NOFOLLOW_LINKS)) {
                Files.createDirectories(abs.getParent());
                if (posix) {
                    Files.createDirectory(abs, PosixFilePermissions.asFileAttribute(
                            PosixFilePermissions.fromString("rwx------")));
                    // the umask may have taken bits away, never added any; set the mode exactly anyway
                    Files.setPosixFilePermissions(abs, PosixFilePermissions.fromString("rwx------"));
                } else {
                    Files.createDirectory(abs);
                }
            }
            if (Files.isSymbolicLink(abs) || !Files.isDirectory(abs, LinkOption.NOFOLLOW_LINKS)) {
                throw new IllegalArgumentException("cache folder " + abs + " is not a folder (or is a symbolic link); "
                        + "choose another cache folder");
            }
            if (!posix) {
                return abs;
            }
            PosixFileAttributes attrs = Files.getFileAttributeView(abs, PosixFileAttributeView.class,
                    LinkOption.NOFOLLOW_LINKS).readAttributes();
            UserPrincipal me = currentUser(abs);
            if (!attrs.owner().equals(me)) {
                throw new IllegalArgumentException("cache folder " + abs + " belongs to " + attrs.owner().getName()
                        + ", not to " + me.getName() + " who runs the gateway; choose a folder of your own "
                        + "(the default is ~/.cache/stowage/gateway)");
            }
            Set<PosixFilePermission> open = EnumSet.copyOf(attrs.permissions());
            open.retainAll(OTHERS);
            if (!open.isEmpty()) {
                throw new IllegalArgumentException("cache folder " + abs + " is open to other users (mode "
                        + PosixFilePermissions.toString(attrs.permissions()) + "); run chmod 700 " + abs
                        + " or choose another cache folder");
            }
            return abs;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create or check the cache folder " + abs, e);
        }
    }

    /** The user this process runs as: the owner of a file it creates. */
    private static UserPrincipal currentUser(Path near) throws IOException {
        Path probe = Files.createTempFile(near, ".owner", ".probe");
        try {
            return Files.getOwner(probe, LinkOption.NOFOLLOW_LINKS);
        } finally {
            Files.deleteIfExists(probe);
        }
    }

    /** The default cache folder: {@code $XDG_CACHE_HOME/stowage/gateway}, else {@code ~/.cache/stowage/gateway}. */
    public static Path defaultCacheDir() {
        String xdg = System.getenv("XDG_CACHE_HOME");
        Path base = xdg != null && !xdg.isBlank() ? Path.of(xdg) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("stowage").resolve("gateway");
    }
}
