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
     * Wraps a put's content so that the streams it opens compute {@code algorithms}; {@link #sent()} describes the
     * last stream opened, which is the one the backend received. SDKs may read a source once to sign it, then again
     * to send it: once one stream has been read whole, later ones compute only a CRC32C (an order of magnitude
     * cheaper than MD5), and the digests of the whole read apply to the last one when the two CRC32Cs and sizes agree.
     * When they do not, the source gave other bytes on another read, and the put is reported as corrupt.
     */
    static final class DigestingSource {
        private static final Set<DigestAlgorithm> FINGERPRINT = Set.of(DigestAlgorithm.CRC32C);

        /** A stream opened, and whether it computes every digest asked for (else only the fingerprint). */
        private record Opened(DigestingInputStream stream, boolean full) {
        }

        private final ContentSource content;
        private final Set<DigestAlgorithm> algorithms;
        /** Streams opened, in order; few (one per pass of the SDK or attempt). */
        private final List<Opened> streams = new java.util.concurrent.CopyOnWriteArrayList<>();

        DigestingSource(ContentSource content, Set<DigestAlgorithm> algorithms) {
            this.algorithms = Set.copyOf(algorithms);
            java.util.EnumSet<DigestAlgorithm> all = java.util.EnumSet.copyOf(FINGERPRINT);
            all.addAll(algorithms);
            Set<DigestAlgorithm> full = algorithms.isEmpty() ? Set.of() : Set.copyOf(all);
            this.content = content.mapStream(in -> {
                boolean again = !algorithms.isEmpty() && reference().isPresent();
                DigestingInputStream stream = new DigestingInputStream(in, again ? FINGERPRINT : full);
                streams.add(new Opened(stream, !again));
                return stream;
            });
        }

        /** The content to hand to the driver. */
        ContentSource content() {
            return content;
        }

        /** The first stream read whole with every digest asked for, if any. */
        private Optional<DigestingInputStream> reference() {
            return streams.stream().filter(o -> o.full() && complete(o.stream())).map(Opened::stream).findFirst();
        }

        /** Whether a stream was read to its end (a client sending a body of known length may stop after its last byte). */
        private boolean complete(DigestingInputStream s) {
            long length = content.length();
            return s.ended() || (length >= 0 && s.count() == length);
        }

        /** What the last opened stream yielded, once it was read to its end; empty otherwise. */
        Optional<Sent> sent() {
            if (streams.isEmpty()) {
                return Optional.empty();
            }
            Opened last = streams.get(streams.size() - 1);
            if (!complete(last.stream())) {
                return Optional.empty();
            }
            DigestingInputStream sentStream = last.stream();
            if (last.full()) {
                return Optional.of(new Sent(sentStream.count(), only(sentStream.digests()), false));
            }
            DigestingInputStream reference = reference().orElseThrow(); // a fingerprint-only stream follows one
            boolean same = reference.count() == sentStream.count() && reference.digests().get(DigestAlgorithm.CRC32C)
                    .equals(sentStream.digests().get(DigestAlgorithm.CRC32C));
            return Optional.of(new Sent(sentStream.count(), same ? only(reference.digests()) : Digests.none(), !same));
        }

        /** The digests asked for, without the fingerprint unless it was asked for too. */
        private Digests only(Digests d) {
            Digests out = Digests.none();
            for (DigestAlgorithm a : algorithms) {
                Optional<String> v = d.get(a);
                if (v.isPresent()) {
                    out = out.with(a, v.get());
                }
            }
            return out;
        }
    }

    /**
     * The bytes a put sent: their number and digests, and whether the source gave other bytes when it was read again
     * (its digests are then unknown).
     */
    record Sent(long size, Digests digests, boolean sourceChanged) {
    }

    /**
     * Why the stored object differs from what was sent, or empty when it does not (as far as the backend tells).
     */
    static Optional<String> storedMismatch(Sent sent, BlobInfo stored) {
        if (sent.sourceChanged()) {
            return Optional.of("the content gave other bytes when it was read again to be sent (it changed while "
                    + "it was written), so what was stored is not known to be what was meant");
        }
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
