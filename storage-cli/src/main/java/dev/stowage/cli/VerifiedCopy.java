package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.Capabilities;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.DigestingInputStream;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Copies objects from one side to another and checks every copy, the way rclone's checksum mode does: the size the
 * target reports stored must equal the bytes read, which must equal the size the source reported; and where both
 * sides know a digest of the same kind (the source's own, one computed while streaming, or for a local file one
 * computed by reading it again), the target's must match.
 * A copy that fails the check is deleted from the target, so no corrupt copy stays, and reported with both values.
 *
 * <p>A plain write is followed by a {@code stat} of the target: what a put call returns may only echo what was
 * sent, while a fresh look shows what the server kept (an S3-compatible server that stored the aws-chunked
 * framing reports 228 bytes for a 55-byte file). Thread-safe: one instance serves every worker of a command.
 */
final class VerifiedCopy {
    private final Endpoint from;
    private final Endpoint to;
    private final Progress progress;
    private final DigestPlan plan = new DigestPlan();
    private final AtomicBoolean warnedAboutMetadata;

    VerifiedCopy(Endpoint from, Endpoint to, Progress progress) {
        this(from, to, progress, new AtomicBoolean());
    }

    /** @param warnedAboutMetadata shared by the copiers of one command, so metadata dropped is said once */
    VerifiedCopy(Endpoint from, Endpoint to, Progress progress, AtomicBoolean warnedAboutMetadata) {
        this.from = from;
        this.to = to;
        this.progress = progress;
        this.warnedAboutMetadata = warnedAboutMetadata;
    }

    /** Copies one object; a failure is reported to the progress and does not stop the others. */
    void copy(String srcKey, String dstKey) {
        try {
            if (from instanceof StoreEndpoint a && to instanceof StoreEndpoint b && a.store() == b.store()) {
                copyInside(a, srcKey, dstKey);
            } else {
                stream(srcKey, dstKey);
            }
        } catch (StorageException e) {
            progress.failed(ErrorReport.describe(e));
        } catch (Exception e) {
            progress.failed("cp " + from.describe(srcKey) + " to " + to.describe(dstKey) + ": "
                    + ErrorReport.describe(e));
        }
    }

    /** A server-side copy (where the store can): compare what the store reports for both objects. */
    private void copyInside(StoreEndpoint store, String srcKey, String dstKey) throws Exception {
        BlobInfo src = store.store().stat(srcKey);
        BlobInfo copied = store.store().copy(srcKey, dstKey);
        BlobInfo stored = to.stat(dstKey);
        String problem;
        if (stored == null) {
            problem = "the target reports no object after the copy";
        } else if (stored.size() != src.size()) {
            problem = "the target reports " + stored.size() + " bytes stored, the source " + src.size();
        } else {
            problem = digestProblem(src.digests(), stored.digests().merge(copied.digests()), "the source reports");
        }
        finish(srcKey, dstKey, src.size(), problem, src.digests(), stored == null ? Digests.none()
                : stored.digests().merge(copied.digests()));
    }

    /** Streams the object through this process, computing the digests the target is expected to report. */
    private void stream(String srcKey, String dstKey) throws Exception {
        Endpoint.Opened opened = from.open(srcKey);
        try (InputStream raw = opened.in()) {
            BlobInfo src = opened.info();
            // a local file is cheap to read again: rather than guessing while streaming which digest the target
            // will report, compute afterwards exactly the one it reported
            boolean rereadable = from instanceof LocalEndpoint;
            Set<DigestAlgorithm> algorithms = rereadable ? EnumSet.noneOf(DigestAlgorithm.class) : plan.toCompute();
            algorithms.addAll(src.digests().values().keySet()); // checks the read against what the source reports
            DigestingInputStream in = new DigestingInputStream(progress.counting(raw), algorithms);
            BlobInfo put = to.write(dstKey, in, src.size(), options(src));
            long read = in.count();
            Digests computed = in.digests();
            BlobInfo stored = to.stat(dstKey);
            Digests reported = stored == null ? put.digests() : stored.digests().merge(put.digests());
            plan.learn(reported);
            if (rereadable && !reported.isEmpty()) {
                computed = computed.merge(from.compute(srcKey, reported.values().keySet()));
            }
            String problem;
            if (read != src.size()) {
                problem = read + " bytes were read but the source reports " + src.size();
            } else if (stored == null) {
                problem = "the target reports no object after the write";
            } else if (stored.size() != read) {
                problem = "the target reports " + stored.size() + " bytes stored, " + read
                        + " were read from the source";
            } else {
                Optional<DigestAlgorithm> bad = computed.mismatch(src.digests());
                problem = bad.isPresent() ? bad.get() + " of the bytes read is " + computed.get(bad.get()).orElseThrow()
                        + " but the source reports " + src.digests().get(bad.get()).orElseThrow()
                        : digestProblem(computed, reported, rereadable ? "the source file has" : "the bytes read have");
            }
            if (problem != null && stored != null && otherVersion(put, stored)) {
                // the stat saw an object the write did not make (another writer, or a store still serving the
                // previous version): removing it could delete someone else's object, so only report
                progress.failed("not verified: copy of " + from.describe(srcKey) + " to " + to.describe(dstKey)
                        + ": the target now reports another version (ETag " + stored.etag() + ", the write returned "
                        + put.etag() + ") and " + problem + "; it was left in place");
                return;
            }
            finish(srcKey, dstKey, read, problem, computed.merge(src.digests()), reported);
        }
    }

    private static String digestProblem(Digests expected, Digests reported, String expectedWords) {
        Optional<DigestAlgorithm> bad = expected.mismatch(reported);
        if (bad.isEmpty()) {
            return null;
        }
        DigestAlgorithm a = bad.get();
        return "the target reports " + a + " " + reported.get(a).orElseThrow() + ", " + expectedWords + " "
                + expected.get(a).orElseThrow();
    }

    /** Whether both calls gave an ETag and they name different versions (quotes and W/ aside). */
    private static boolean otherVersion(BlobInfo written, BlobInfo stored) {
        if (written.etag() == null || stored.etag() == null) {
            return false;
        }
        return !bareEtag(written.etag()).equals(bareEtag(stored.etag()));
    }

    private static String bareEtag(String etag) {
        String e = etag.startsWith("W/") ? etag.substring(2) : etag;
        return e.length() >= 2 && e.startsWith("\"") && e.endsWith("\"") ? e.substring(1, e.length() - 1) : e;
    }

    /** Counts a verified copy, or removes a copy that does not match and reports why. */
    private void finish(String srcKey, String dstKey, long size, String problem, Digests expected, Digests reported) {
        if (problem == null) {
            progress.verified(size, expected.firstShared(reported).isEmpty());
            return;
        }
        String removal = "the copy was removed";
        try {
            to.delete(dstKey);
        } catch (Exception e) {
            removal = "removing the copy failed too: " + ErrorReport.describe(e);
        }
        progress.failed("corrupt data: copy of " + from.describe(srcKey) + " to " + to.describe(dstKey)
                + " does not match: " + problem + "; " + removal);
    }

    /**
     * The source's content type, cache control and user metadata, minus what the target cannot hold. What is
     * dropped is said once per command, not once per object, and never silently.
     */
    private PutOptions options(BlobInfo src) {
        Capabilities target = to.capabilities();
        Capabilities source = from.capabilities();
        PutOptions.Builder b = PutOptions.builder();
        boolean dropped = false;
        if (src.contentType() != null) {
            if (target.contentType()) {
                b.contentType(src.contentType());
            } else {
                dropped |= source.contentType(); // a guess from a local file's name is no loss
            }
        }
        if (src.cacheControl() != null) {
            if (target.cacheControl()) {
                b.cacheControl(src.cacheControl());
            } else {
                dropped = true;
            }
        }
        if (!src.userMetadata().isEmpty()) {
            if (target.userMetadata()) {
                b.metadata(src.userMetadata());
            } else {
                dropped = true;
            }
        }
        if (dropped && warnedAboutMetadata.compareAndSet(false, true)) {
            List<String> lacking = new ArrayList<>();
            if (!target.contentType()) {
                lacking.add("content type");
            }
            if (!target.cacheControl()) {
                lacking.add("cache control");
            }
            if (!target.userMetadata()) {
                lacking.add("user metadata");
            }
            progress.warn(to.describe("") + " cannot store " + String.join(", ", lacking)
                    + "; copies are made without them (the bytes are copied and verified as usual)");
        }
        return b.build();
    }

    /**
     * Which digests to compute while streaming. Nothing says ahead which digests a target reports, so the first
     * copies compute the kinds most stores report (MD5, CRC32C; SHA-1 and SHA-256 on top would halve the speed of
     * a large copy); once the target has reported some, exactly those are computed, and when the first few copies
     * got none back, none are (the copies are then checked by size).
     */
    private static final class DigestPlan {
        private static final int PROBES = 4;
        private final Set<DigestAlgorithm> reported = EnumSet.noneOf(DigestAlgorithm.class);
        private int answers;

        synchronized Set<DigestAlgorithm> toCompute() {
            if (!reported.isEmpty()) {
                return EnumSet.copyOf(reported);
            }
            return answers < PROBES ? EnumSet.of(DigestAlgorithm.MD5, DigestAlgorithm.CRC32C)
                    : EnumSet.noneOf(DigestAlgorithm.class);
        }

        synchronized void learn(Digests fromTarget) {
            reported.addAll(fromTarget.values().keySet());
            answers++;
        }
    }
}
