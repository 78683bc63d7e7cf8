package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.UUID;
import java.util.stream.Stream;

/**
 * Plain local files as one side of a copy: no metadata is kept beside them (use a {@code file://} store for
 * that); the content type of a file read is guessed from its name. Writes go to a temporary file in the target's
 * folder and are moved into place, so an interrupted copy leaves no partial file.
 */
record LocalEndpoint(Path root) implements Endpoint {
    @Override
    public String describe(String key) {
        return key.isEmpty() ? root.toString() : root.resolve(key).toString();
    }

    @Override
    public Stream<String> list(String folder) throws IOException {
        Path dir = folder.isEmpty() ? root : root.resolve(folder);
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString(), null, "not a folder");
        }
        return Files.walk(dir)
                .filter(p -> Files.isRegularFile(p))
                .map(p -> root.relativize(p).toString().replace(p.getFileSystem().getSeparator(), "/"))
                .sorted();
    }

    @Override
    public Opened open(String key) throws IOException {
        Path file = root.resolve(key);
        BasicFileAttributes attrs = Files.readAttributes(file, BasicFileAttributes.class);
        if (attrs.isDirectory()) {
            throw new IOException(file + " is a folder; copy folders with cp -r");
        }
        String contentType = Files.probeContentType(file);
        BlobInfo info = BlobInfo.builder(key).size(attrs.size()).lastModified(attrs.lastModifiedTime().toInstant())
                .contentType(contentType).build();
        return new Opened(Files.newInputStream(file), info);
    }

    @Override
    public void write(String key, InputStream in, long length, PutOptions options) throws IOException {
        Path target = root.resolve(key);
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
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
