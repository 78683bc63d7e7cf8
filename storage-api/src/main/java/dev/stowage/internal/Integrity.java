package dev.stowage.internal;

import dev.stowage.BlobInfo;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.DigestingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
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
        Optional<DigestAlgorithm> algorithm = BY_COST.stream().filter(a -> expected.get(a).isPresent()).findFirst();
        if (algorithm.isEmpty()) {
            return in;
        }
        return new VerifyingStream(in, algorithm.get(), expected.get(algorithm.get()).orElseThrow(), store, key);
    }

    private static final class VerifyingStream extends FilterInputStream {
        private final DigestingInputStream digesting;
        private final DigestAlgorithm algorithm;
        private final String expected;
        private final String store;
        private final String key;
        private boolean checked;

        VerifyingStream(InputStream in, DigestAlgorithm algorithm, String expected, String store, String key) {
            this(new DigestingInputStream(in, Set.of(algorithm)), algorithm, expected, store, key);
        }

        private VerifyingStream(DigestingInputStream in, DigestAlgorithm algorithm, String expected, String store,
                                String key) {
            super(in);
            this.digesting = in;
            this.algorithm = algorithm;
            this.expected = expected;
            this.store = store;
            this.key = key;
        }

        @Override
        public int read() throws IOException {
            int b = in.read();
            if (b < 0) {
                check();
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                check();
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            return in.skip(n); // the digesting stream reads what it skips
        }

        @Override
        public boolean markSupported() {
            return false;
        }

        private void check() {
            if (checked) {
                return;
            }
            checked = true;
            String actual = digesting.digests().get(algorithm).orElseThrow();
            if (!actual.equals(expected)) {
                throw StorageException.builder(ErrorCode.CORRUPT_DATA, "the bytes read have " + algorithm + " "
                                + actual + ", the server reports " + expected + " for the object")
                        .store(store).operation(Operation.GET).key(key).retryable(true)
                        .hint("the content changed in transit or on the server; read again, and if it persists the "
                                + "stored object is damaged")
                        .build();
            }
        }
    }
}
