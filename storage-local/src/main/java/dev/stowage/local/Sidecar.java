package dev.stowage.local;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;

/**
 * Metadata kept beside an object, under {@code .stowage/meta/} in the store's root, mirroring the key.
 * Each record names the version (etag) of the file it describes, so a record left behind by a crash or a
 * write from another tool is ignored instead of being attached to the wrong content; a damaged record is ignored
 * too, so that metadata can never make an object unreadable.
 */
record Sidecar(String forEtag, String contentType, String cacheControl, Map<String, String> userMetadata) {
    private static final String META_PREFIX = "meta.";

    static Sidecar read(Path file) throws IOException {
        Properties p = new Properties();
        if (Files.isDirectory(file)) {
            return null; // a folder of another key's records, not a record
        }
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IllegalArgumentException malformed) {
            return null; // damaged by a crash or another tool: the object is still readable without its metadata
        }
        Map<String, String> meta = new TreeMap<>();
        for (String name : p.stringPropertyNames()) {
            if (name.startsWith(META_PREFIX)) {
                meta.put(name.substring(META_PREFIX.length()), p.getProperty(name));
            }
        }
        return new Sidecar(p.getProperty("etag"), p.getProperty("contentType"), p.getProperty("cacheControl"), meta);
    }

    /**
     * Writes the record atomically (temporary file, then move); when {@code syncWithin} (the store's root) is given,
     * flushed to the disk first and the folders it changed below that root after, as the object's own file is.
     */
    void write(Path file, Path tmpDir, Path syncWithin) throws IOException {
        boolean fsync = syncWithin != null;
        Properties p = new Properties();
        p.setProperty("etag", forEtag);
        if (contentType != null) {
            p.setProperty("contentType", contentType);
        }
        if (cacheControl != null) {
            p.setProperty("cacheControl", cacheControl);
        }
        userMetadata.forEach((k, v) -> p.setProperty(META_PREFIX + k, v));
        Path tmp = tmpDir.resolve("meta-" + UUID.randomUUID());
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW,
                    StandardOpenOption.WRITE)) {
                p.store(Channels.newOutputStream(channel), null);
                if (fsync) {
                    channel.force(true);
                }
            }
            // a delete of a sibling key may prune the folder between creating it and moving in: try again
            for (int attempt = 1; ; attempt++) {
                Path newFolder = fsync ? LocalDriver.firstMissingFolder(file.getParent(), syncWithin) : null;
                Files.createDirectories(file.getParent());
                try {
                    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                    if (fsync) {
                        LocalDriver.syncFolders(file.getParent(), newFolder);
                    }
                    return;
                } catch (NoSuchFileException e) {
                    if (attempt >= 5) {
                        throw e;
                    }
                }
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    boolean isEmpty() {
        return contentType == null && cacheControl == null && userMetadata.isEmpty();
    }
}
