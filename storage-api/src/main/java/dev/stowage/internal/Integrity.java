package dev.stowage.internal;

import dev.stowage.BlobInfo;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.DigestingInputStream;
import java.io.InputStream;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Checks that what a backend stored, or sent back, is what was written: digests computed while the bytes stream
 * through, compared with what the backend reports. Done once here, for every driver.
 */
final class Integrity {
    /** Cheapest first: a read is checked with one digest, the cheapest the backend reported. */
    private static final List<DigestAlgorithm> BY_COST = List.of(DigestAlgorithm.CRC32C, DigestAlgorithm.SHA256,
            DigestAlgorithm.SHA1, DigestAlgorithm.MD5);

    private Integrity() {
    }

    /**
     * Wraps a put's content so that every stream it opens computes {@code algorithms}; {@link #sent()} describes the
     * last stream opened, which is the one the backend received (SDKs may read a source once to sign it, then again
     * to send it).
     */
    static final class DigestingSource {
        private final ContentSource content;
        private volatile DigestingInputStream last;

        DigestingSource(ContentSource content, Set<DigestAlgorithm> algorithms) {
            this.content = content.mapStream(in -> {
                DigestingInputStream stream = new DigestingInputStream(in, algorithms);
                last = stream;
                return stream;
            });
        }

        /** The content to hand to the driver. */
        ContentSource content() {
            return content;
        }

        /** What the last opened stream yielded, once it was read to its end; empty otherwise. */
        Optional<Sent> sent() {
            DigestingInputStream stream = last;
            // A client sending a body of known length may stop after the last byte without reading the end.
            long length = content.length();
            if (stream == null || !(stream.ended() || (length >= 0 && stream.count() == length))) {
                return Optional.empty();
            }
            return Optional.of(new Sent(stream.count(), stream.digests()));
        }
    }

    /** The bytes a put sent: their number and digests. */
    record Sent(long size, Digests digests) {
    }

    /**
     * Why the stored object differs from what was sent, or empty when it does not (as far as the backend tells).
     */
    static Optional<String> storedMismatch(Sent sent, BlobInfo stored) {
        if (stored.size() != sent.size()) {
            return Optional.of("the server reports " + stored.size() + " bytes stored, " + sent.size()
                    + " were sent");
        }
        return sent.digests().mismatch(stored.digests()).map(a -> "the server reports " + a + " "
                + stored.digests().get(a).orElseThrow() + " for what it stored, the bytes sent have "
                + sent.digests().get(a).orElseThrow());
    }

    /** The failure of a put whose stored bytes are not the bytes sent. */
    static StorageException corruptWrite(String store, String key, String detail, boolean removed) {
        return StorageException.builder(ErrorCode.CORRUPT_DATA, detail + (removed ? "; the object was removed"
                        : "; removing the object failed, so it may still be there with the wrong content"))
                .store(store).operation(Operation.PUT).key(key).retryable(false)
                .hint("the server does not store the bytes it is sent; if it is an S3-compatible server, it may "
                        + "not decode aws-chunked uploads or may rewrite content")
                .build();
    }

    /**
     * A stream that, on reaching its end, checks the bytes read against the cheapest digest in {@code expected},
     * and fails with CORRUPT_DATA on a mismatch. Returns {@code in} itself when there is nothing to check.
     */
    static InputStream verifyingRead(InputStream in, Digests expected, String store, String key) {
        Optional<DigestAlgorithm> cheapest = BY_COST.stream().filter(a -> expected.get(a).isPresent()).findFirst();
        if (cheapest.isEmpty()) {
            return in;
        }
        DigestAlgorithm algorithm = cheapest.get();
        String reported = expected.get(algorithm).orElseThrow();
        return DigestingInputStream.checkedAtEnd(in, Set.of(algorithm), read -> {
            String actual = read.get(algorithm).orElseThrow();
            if (!actual.equals(reported)) {
                throw StorageException.builder(ErrorCode.CORRUPT_DATA, "the bytes read have " + algorithm + " "
                                + actual + ", the server reports " + reported + " for the object")
                        .store(store).operation(Operation.GET).key(key).retryable(true)
                        .hint("the content changed in transit or on the server; read again, and if it persists the "
                                + "stored object is damaged")
                        .build();
            }
        });
    }
}
