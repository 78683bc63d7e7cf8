package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage sync}: makes a target folder hold what a source folder holds, copying only what differs. */
@Command(name = "sync", mixinStandardHelpOptions = true,
        description = {"Makes DST hold what SRC holds, copying only the objects that differ.", "",
                "An object is copied when the target lacks it, when the sizes differ, or when both sides know a "
                        + "digest of the same kind (MD5, SHA-1, SHA-256, CRC32C; from a local folder one is computed "
                        + "to compare with the target's) and the digests differ. Where no digest can be compared, "
                        + "an object of the same size is copied only when the source's is newer. Every copy is "
                        + "verified as by cp.", "",
                "--delete then removes target objects the source does not have, but only when every copy "
                        + "succeeded. --dry-run prints what would be copied and deleted, and changes nothing.", "",
                "Summary: copied N (verified), skipped N (same), deleted N, N failed; exit 1 when any failed."})
final class SyncCommand implements Callable<Integer> {
    @ParentCommand
    private StowageCommand top;

    @Option(names = "--dry-run", description = "Print what would be copied and deleted; change nothing.")
    private boolean dryRun;

    @Option(names = "--delete", description = "Delete target objects missing from the source (after the copies, "
            + "and only if none failed).")
    private boolean delete;

    @Option(names = {"-L", "--follow-links"}, description = "From a local folder, follow symbolic links "
            + "(they are skipped by default).")
    private boolean followLinks;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "4",
            description = "Copy up to N objects at once (default: ${DEFAULT-VALUE}).")
    private int jobs;

    @Parameters(index = "0", paramLabel = "SRC", description = "The source folder: NAME:folder/, "
            + "scheme://bucket/folder/ or a local folder.")
    private String source;

    @Parameters(index = "1", paramLabel = "DST", description = "The target folder, in the same forms.")
    private String target;

    /** What to do with one source object. */
    private record Plan(String relative, BlobInfo src, BlobInfo dst) {
    }

    /** Takes a source object that may need a copy; may block until a worker is free. */
    private interface Candidates {
        void accept(Plan plan) throws InterruptedException;
    }

    @Override
    public Integer call() throws Exception {
        if (jobs < 1 || jobs > 256) {
            throw new LocationException("-j must be between 1 and 256, was " + jobs);
        }
        LocationParser parser = top.parser();
        Location src = parser.parse(source, LocationParser.Mode.FOLDER, true);
        Location dst = parser.parse(target, LocationParser.Mode.FOLDER, true);
        Side from = Side.open(top, src, true, followLinks, true);
        Side to = Side.open(top, dst, true, false, false);
        refuseOverlap(from, to);
        PrintStream out = top.terminal().out();
        try (Progress progress = new Progress(top.terminal());
             Workers workers = new Workers(jobs, "stowage-sync")) {
            VerifiedCopy copier = new VerifiedCopy(from.endpoint(), to.endpoint(), progress);
            List<String> extra = new ArrayList<>();
            long[] wouldCopy = {0};
            compare(from, to, progress, extra, plan -> {
                if (dryRun) {
                    String why = reasonOrNull(plan, from);
                    if (why == null) {
                        progress.skipped();
                    } else {
                        out.println("would copy " + Printable.of(plan.relative()) + " (" + why + ")");
                        wouldCopy[0]++;
                    }
                    return;
                }
                workers.submit(() -> {
                    String why = reasonOrNull(plan, from);
                    if (why == null) {
                        progress.skipped();
                    } else {
                        copier.copy(from.key() + plan.relative(), to.key() + plan.relative());
                    }
                });
            });
            workers.awaitAll();
            if (delete) {
                deleteExtra(to, extra, progress, workers, out);
            }
            progress.close();
            if (dryRun) {
                out.println("would copy " + wouldCopy[0] + ", skip " + progress.skippedCount() + " (same), delete "
                        + (delete ? extra.size() : 0) + (progress.failures() > 0 ? ", " + progress.failures()
                        + " failed" : ""));
            } else {
                out.println(progress.syncSummary());
            }
            out.flush();
            return progress.failures() > 0 ? ErrorReport.FAILED : 0;
        }
    }

    /**
     * Walks both listings side by side (both are in UTF-8 key order), handing each source object that may need a
     * copy to {@code onCandidate}, counting the same ones as skipped, and collecting target keys the source lacks.
     * A source and target of the same size are decided in {@link #reasonOrNull} on a worker, since that may read.
     */
    private void compare(Side from, Side to, Progress progress, List<String> extra,
                         Candidates onCandidate) throws Exception {
        try (Stream<Endpoint.Item> s = from.endpoint().list(from.key());
             Stream<Endpoint.Item> t = listOrEmpty(to)) {
            Ordered srcIt = new Ordered(s.iterator(), from, from.key().length());
            Ordered dstIt = new Ordered(t.iterator(), to, to.key().length());
            if (srcIt.peek() == null) {
                // a mistyped SRC lists nothing: with --delete that would empty the target
                throw StorageException.builder(ErrorCode.NOT_FOUND, "nothing to sync: no objects under "
                        + from.endpoint().describe(from.key()) + "; nothing was copied or deleted")
                        .operation(Operation.LIST).build();
            }
            while (srcIt.peek() != null || dstIt.peek() != null) {
                String a = srcIt.peek();
                String b = dstIt.peek();
                int order = a == null ? 1 : b == null ? -1 : LocalEndpoint.KEY_ORDER.compare(a, b);
                Endpoint.Item srcItem = order <= 0 ? srcIt.next() : null;
                Endpoint.Item dstItem = order >= 0 ? dstIt.next() : null;
                if (srcItem != null && srcItem.skipped()) {
                    CpCommand.skip(from.endpoint(), srcItem, progress);
                    continue; // the target's object of that name, if any, is left alone
                }
                if (srcItem == null) {
                    extra.add(b);
                    continue;
                }
                BlobInfo dstInfo = dstItem == null || dstItem.skipped() ? null : dstItem.info();
                Plan plan = new Plan(a, srcItem.info(), dstInfo);
                if (dstInfo != null && dstInfo.size() == srcItem.info().size() && !mayRead(plan, from)
                        && reasonOrNull(plan, from) == null) {
                    progress.skipped(); // decided from the listings alone
                } else {
                    onCandidate.accept(plan);
                }
            }
        }
    }

    private static Stream<Endpoint.Item> listOrEmpty(Side to) throws Exception {
        if (to.endpoint() instanceof LocalEndpoint local && !java.nio.file.Files.isDirectory(local.root())) {
            return Stream.empty(); // a local target folder that does not exist yet holds nothing
        }
        return to.endpoint().list(to.key());
    }

    /** Whether deciding needs to read the source (a local file hashed to compare with the target's digest). */
    private static boolean mayRead(Plan plan, Side from) {
        return from.endpoint() instanceof LocalEndpoint && plan.dst() != null
                && plan.src().digests().firstShared(plan.dst().digests()).isEmpty() && !plan.dst().digests().isEmpty();
    }

    /** Why the object must be copied, or {@code null} when the target already holds the same. */
    private static String reasonOrNull(Plan plan, Side from) {
        BlobInfo s = plan.src();
        BlobInfo d = plan.dst();
        if (d == null) {
            return "missing from the target";
        }
        if (s.size() != d.size()) {
            return "size " + s.size() + " differs from the target's " + d.size();
        }
        Digests known = s.digests();
        if (known.firstShared(d.digests()).isEmpty() && !d.digests().isEmpty()) {
            try {
                known = known.merge(from.endpoint().compute(from.key() + plan.relative(),
                        d.digests().values().keySet()));
            } catch (Exception e) {
                return "its digest could not be computed (" + ErrorReport.describe(e) + ")";
            }
        }
        Optional<DigestAlgorithm> shared = known.firstShared(d.digests());
        if (shared.isPresent()) {
            DigestAlgorithm a = shared.get();
            return known.get(a).equals(d.digests().get(a)) ? null : a + " differs from the target's";
        }
        // whole seconds: most stores keep Last-Modified to the second, so a file written a moment before its
        // upload would otherwise look newer than the copy made of it
        if (s.lastModified() != null && d.lastModified() != null && s.lastModified().truncatedTo(ChronoUnit.SECONDS)
                .isAfter(d.lastModified().truncatedTo(ChronoUnit.SECONDS))) {
            return "same size, newer than the target's";
        }
        return null;
    }

    private void deleteExtra(Side to, List<String> extra, Progress progress, Workers workers, PrintStream out)
            throws InterruptedException {
        if (progress.failures() > 0) {
            progress.warn("not deleting the " + extra.size() + " target objects missing from the source, because "
                    + progress.failures() + " failed");
            return;
        }
        for (String relative : extra) {
            if (dryRun) {
                out.println("would delete " + Printable.of(relative));
                continue;
            }
            workers.submit(() -> {
                String key = to.key() + relative;
                try {
                    to.endpoint().delete(key);
                    progress.deleted();
                } catch (Exception e) {
                    progress.failed("delete " + to.endpoint().describe(key) + ": " + ErrorReport.describe(e));
                }
            });
        }
        workers.awaitAll();
    }

    /** Syncing a folder into itself, or into a folder inside it, would copy or delete what it is reading. */
    private static void refuseOverlap(Side from, Side to) {
        boolean overlap = false;
        if (from.endpoint() instanceof StoreEndpoint a && to.endpoint() instanceof StoreEndpoint b
                && a.store() == b.store()) {
            overlap = from.key().startsWith(to.key()) || to.key().startsWith(from.key());
        } else if (from.endpoint() instanceof LocalEndpoint a && to.endpoint() instanceof LocalEndpoint b) {
            Path x = a.root().toAbsolutePath().normalize();
            Path y = b.root().toAbsolutePath().normalize();
            overlap = x.startsWith(y) || y.startsWith(x);
        }
        if (overlap) {
            throw new LocationException("SRC and DST overlap (one is inside the other); sync between separate folders");
        }
    }

    /** A listing's keys relative to the folder, checked to come in ascending order as the merge needs. */
    private static final class Ordered {
        private final Iterator<Endpoint.Item> it;
        private final Side side;
        private final int cut;
        private Endpoint.Item head;
        private String headKey;
        private String last;

        Ordered(Iterator<Endpoint.Item> it, Side side, int cut) {
            this.it = it;
            this.side = side;
            this.cut = cut;
            advance();
        }

        String peek() {
            return headKey;
        }

        Endpoint.Item next() {
            Endpoint.Item item = head;
            advance();
            return item;
        }

        private void advance() {
            if (!it.hasNext()) {
                head = null;
                headKey = null;
                return;
            }
            head = it.next();
            headKey = head.key().substring(cut);
            if (last != null && LocalEndpoint.KEY_ORDER.compare(last, headKey) >= 0) {
                // comparing out-of-order listings would copy and delete the wrong objects: stop before acting
                throw StorageException.builder(ErrorCode.INTERNAL, "the listing of "
                        + side.endpoint().describe(side.key()) + " is not in key order ('" + last + "' before '"
                        + headKey + "'); nothing was deleted").operation(Operation.LIST).build();
            }
            last = headKey;
        }
    }
}
