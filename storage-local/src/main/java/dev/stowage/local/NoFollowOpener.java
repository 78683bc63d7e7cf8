package dev.stowage.local;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.IOException;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SecureDirectoryStream;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributeView;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.Set;

/**
 * Opens a file below the store's root without following any symbolic link on the way: each folder is opened
 * relative to the one before it ({@code openat} with {@code O_NOFOLLOW}, through {@link SecureDirectoryStream}),
 * so a folder swapped for a link to elsewhere while a read is under way fails the read instead of leading out of
 * the store. Checking the path first and opening it afterwards leaves exactly that window open.
 */
final class NoFollowOpener {
    private final Path root;

    NoFollowOpener(Path realRoot) {
        this.root = realRoot;
    }

    /** An open file and the attributes of what was opened, read through the same folder handle. */
    record Opened(SeekableByteChannel channel, BasicFileAttributes attrs) {
    }

    /**
     * Opens {@code file} (below the root) for reading.
     *
     * @throws NoSuchFileException when it does not exist
     * @throws StorageException PERMISSION_DENIED when a link is met on the way
     */
    Opened open(Path file) throws IOException {
        Path rel = root.relativize(file);
        DirectoryStream<Path> top = Files.newDirectoryStream(root);
        if (!(top instanceof SecureDirectoryStream<Path> dir)) {
            top.close();
            return openChecked(file); // no openat on this platform
        }
        try {
            for (int i = 0; i < rel.getNameCount() - 1; i++) {
                SecureDirectoryStream<Path> next;
                try {
                    next = dir.newDirectoryStream(rel.getName(i), LinkOption.NOFOLLOW_LINKS);
                } catch (NotDirectoryException e) {
                    throw new NoSuchFileException(file.toString(), null, "a path component is not a folder");
                } catch (FileSystemException e) {
                    throw linkRefused(e);
                }
                dir.close();
                dir = next;
            }
            Path name = rel.getFileName();
            SeekableByteChannel channel;
            try {
                channel = dir.newByteChannel(name, Set.of(StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS));
            } catch (NoSuchFileException | java.nio.file.AccessDeniedException e) {
                throw e;
            } catch (FileSystemException e) {
                throw linkRefused(e);
            }
            try {
                BasicFileAttributes attrs = dir.getFileAttributeView(name, BasicFileAttributeView.class,
                        LinkOption.NOFOLLOW_LINKS).readAttributes();
                return new Opened(channel, attrs);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        } finally {
            dir.close();
        }
    }

    /** Where folders cannot be opened relative to each other: open, then check where the file really is. */
    private Opened openChecked(Path file) throws IOException {
        SeekableByteChannel channel = Files.newByteChannel(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        try {
            if (!file.getParent().toRealPath().startsWith(root)) {
                throw linkRefused(null);
            }
            return new Opened(channel, Files.readAttributes(file, BasicFileAttributes.class,
                    LinkOption.NOFOLLOW_LINKS));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    private static StorageException linkRefused(FileSystemException cause) {
        return StorageException.builder(ErrorCode.PERMISSION_DENIED,
                        "the key's path goes through a symbolic link (or something else that is not a plain folder)")
                .hint("links are not followed, so that no key can reach files outside the store").cause(cause).build();
    }
}
