package dev.stowage.bunny.internal;

import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.spi.DigestingInputStream;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/**
 * The body of an upload with its SHA-256 known before the first byte is sent, as Bunny's {@code Checksum} header
 * needs it. A repeatable source is read twice: once to hash it, once to send it (if it changed in between, the server
 * refuses the upload as a checksum mismatch). A one-shot stream is hashed while it is copied aside: into memory up
 * to {@link #MEMORY_LIMIT}, beyond that into a temporary file that {@link #close()} deletes.
 */
final class UploadBody implements AutoCloseable {
    /** One-shot content up to this size is held in memory; larger content goes to a temporary file. */
    static final int MEMORY_LIMIT = 1024 * 1024;

    private final ContentSource source;
    private final byte[] memory;
    private final Path spool;
    private final long length;
    private final String sha256;

    private UploadBody(ContentSource source, byte[] memory, Path spool, long length, String sha256) {
        this.source = source;
        this.memory = memory;
        this.spool = spool;
        this.length = length;
        this.sha256 = sha256;
    }

    static UploadBody prepare(ContentSource content) throws IOException {
        if (content.isRepeatable()) {
            try (DigestingInputStream in = digesting(content.open())) {
                in.transferTo(OutputStream.nullOutputStream());
                return new UploadBody(content, null, null, in.count(), hex(in));
            }
        }
        try (DigestingInputStream in = digesting(content.open())) {
            byte[] head = in.readNBytes(MEMORY_LIMIT + 1);
            if (head.length <= MEMORY_LIMIT) {
                return new UploadBody(null, head, null, head.length, hex(in));
            }
            Path file = Files.createTempFile("stowage-bunny-", ".upload");
            try {
                try (OutputStream out = Files.newOutputStream(file)) {
                    out.write(head);
                    in.transferTo(out);
                }
                return new UploadBody(null, null, file, in.count(), hex(in));
            } catch (IOException | RuntimeException | Error e) {
                Files.deleteIfExists(file);
                throw e;
            }
        }
    }

    private static DigestingInputStream digesting(InputStream in) {
        return new DigestingInputStream(in, Set.of(DigestAlgorithm.SHA256));
    }

    private static String hex(DigestingInputStream in) {
        return in.digests().get(DigestAlgorithm.SHA256).orElseThrow();
    }

    /** The number of bytes the body holds. */
    long length() {
        return length;
    }

    /** The SHA-256 of the body, lower-case hex. */
    String sha256() {
        return sha256;
    }

    /** The value of the {@code Checksum} header: the SHA-256 in upper-case hex, as the API reference writes it. */
    String checksumHeader() {
        return sha256.toUpperCase(Locale.ROOT);
    }

    /** A publisher of exactly {@link #length()} bytes. */
    HttpRequest.BodyPublisher publisher() throws IOException {
        if (length == 0) {
            return HttpRequest.BodyPublishers.noBody();
        }
        if (memory != null) {
            return HttpRequest.BodyPublishers.ofByteArray(memory);
        }
        if (spool != null) {
            return HttpRequest.BodyPublishers.ofFile(spool);
        }
        return HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> {
            try {
                return source.open();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }), length);
    }

    @Override
    public void close() throws IOException {
        if (spool != null) {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    public String toString() {
        return "UploadBody[" + length + " bytes, " + (memory != null ? "in memory" : spool != null ? "spooled to a file"
                : "read again from its source") + "]";
    }
}
