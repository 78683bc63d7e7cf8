package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.Capabilities;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.PutOptions;
import dev.stowage.spi.DigestingInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystemLoopException;
import java.nio.file.FileVisitOption;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Plain local files as one side of a copy: no metadata is kept beside them (use a {@code file://} store for
 * that); the content type of a file read is guessed from its name. Writes go to a temporary file in the target's
 * folder and are moved into place, so an interrupted copy leaves no partial file.
 *
 * <p>Symbolic links are not followed unless {@code followLinks}: a tree of files may hold a link to anywhere
 * ({@code secrets -> /etc}), and copying what it points to would copy files the user never named.
 *
 * @param root        the folder keys are relative to
 * @param followLinks whether links in a listed tree are followed (cp -L) rather than skipped
 */
record LocalEndpoint(Path root, boolean followLinks) implements Endpoint {
    /** UTF-8 byte order, which is code point order: the order stores list keys in. */
    static final Comparator<String> KEY_ORDER = LocalEndpoint::compareCodePoints;

    @Override
    public String describe(String key) {
        return key.isEmpty() ? root.toString() : root.resolve(key).toString();
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().build(); // plain files: bytes only
    }

    @Override
    public Stream<Item> list(String folder) throws IOException {
        Path dir = folder.isEmpty() ? root : root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder");
        }
        List<Item> items = new ArrayList<>();
        Set<FileVisitOption> options = followLinks ? EnumSet.of(FileVisitOption.FOLLOW_LINKS)
                : EnumSet.noneOf(FileVisitOption.class);
        Files.walkFileTree(dir, options, Integer.MAX_VALUE, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                String key = key(file);
                if (attrs.isRegularFile()) {
                    items.add(Item.object(info(key, attrs)));
                } else if (attrs.isSymbolicLink()) {
                    items.add(Item.notice(key, "a symbolic link, not followed (-L follows links)"));
                } else if (!attrs.isDirectory()) {
                    items.add(Item.failed(key, "not a regular file (a device, socket or pipe)"));
                }
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
                String reason = e instanceof FileSystemLoopException ? "a link to a folder it is in (a loop)"
                        : ErrorReport.describe(e);
                items.add(Item.failed(key(file), reason));
                return FileVisitResult.CONTINUE;
            }
        });
        items.sort(Comparator.comparing(Item::key, KEY_ORDER));
        return items.stream();
    }

    private String key(Path file) {
        return root.relativize(file).toString().replace(file.getFileSystem().getSeparator(), "/");
    }

    private static BlobInfo info(String key, BasicFileAttributes attrs) {
        return BlobInfo.builder(key).size(attrs.size()).lastModified(attrs.lastModifiedTime().toInstant()).build();
    }

    @Override
    public Opened open(String key) throws IOException {
        Path file = resolve(key);
        LinkOption[] link = followLinks ? new LinkOption[0] : new LinkOption[] {LinkOption.NOFOLLOW_LINKS};
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class, link);
        if (attrs.isDirectory()) {
            throw new IOException(file + " is a folder; copy folders with cp -r");
        }
        if (!attrs.isRegularFile()) {
            throw new IOException(file + " is " + (attrs.isSymbolicLink()
                    ? "a symbolic link, not followed (-L follows links)" : "not a regular file"));
        }
        String contentType = Files.probeContentType(file);
        BlobInfo info = info(key, attrs).toBuilder().contentType(contentType).build();
        // no-follow open: a link swapped in after the check above is refused, not read
        OpenOption[] open = followLinks ? new OpenOption[] {StandardOpenOption.READ}
                : new OpenOption[] {StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS};
        return new Opened(Channels.newInputStream(FileChannel.open(file, open)), info);
    }

    @Override
    public BlobInfo write(String key, InputStream in, long length, PutOptions options) throws IOException {
        Path target = resolve(key);
        Path parent = target.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path tmp = parent.resolve("." + target.getFileName() + "." + UUID.randomUUID() + ".part");
        try {
            try (OutputStream out = Files.newOutputStream(tmp, StandardOpenOption.CREATE_NEW)) {
                long copied = in.transferTo(out);
                if (length >= 0 && copied != length) {
                    throw new IOException("expected " + length + " bytes from the source but got " + copied);
                }
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return info(key, Files.readAttributes(target, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS));
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public BlobInfo stat(String key) throws IOException {
        try {
            BasicFileAttributes attrs = Files.readAttributes(resolve(key), BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS);
            return attrs.isRegularFile() ? info(key, attrs) : null;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public void delete(String key) throws IOException {
        Files.deleteIfExists(resolve(key)); // a link is removed itself, never what it points to
    }

    @Override
    public Digests compute(String key, Set<DigestAlgorithm> algorithms) throws IOException {
        if (algorithms.isEmpty()) {
            return Digests.none();
        }
        try (DigestingInputStream in = new DigestingInputStream(open(key).in(), algorithms)) {
            in.transferTo(OutputStream.nullOutputStream());
            return in.digests();
        }
    }

    /** The file of a key; a key from a listing that would lead out of the root ('..') is refused. */
    private Path resolve(String key) throws IOException {
        Path base = root.toAbsolutePath().normalize();
        Path file = base.resolve(key).normalize();
        if (!file.startsWith(base) || file.equals(base) && !key.isEmpty()) {
            throw new IOException("'" + key + "' leads out of " + base + "; not written");
        }
        return file;
    }

    private static int compareCodePoints(String a, String b) {
        int i = 0;
        int j = 0;
        while (i < a.length() && j < b.length()) {
            int ca = a.codePointAt(i);
            int cb = b.codePointAt(j);
            if (ca != cb) {
                return Integer.compare(ca, cb);
            }
            i += Character.charCount(ca);
            j += Character.charCount(cb);
        }
        return Integer.compare(a.length() - i, b.length() - j);
    }
}
