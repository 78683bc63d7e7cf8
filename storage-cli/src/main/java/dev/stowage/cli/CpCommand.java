package dev.stowage.cli;

import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.io.BufferedReader;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage cp}: copies objects from any store (or local files) to any store (or local files), streamed. */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copies an object, or with -r a folder, between any two stores or local paths.", "",
                "Content type, cache control and user metadata are kept. Objects are streamed, never held in "
                        + "memory. A failed object is reported and the others continue; the exit status is then 1.",
                "",
                "Without -r, a DST ending in '/' (or a store root NAME:, or an existing local folder) receives "
                        + "the object under its own name. With -r, the contents of SRC go into DST: "
                        + "'stowage cp -r photos:2024 backup:old/2024' copies photos:2024/a.jpg to "
                        + "backup:old/2024/a.jpg.", "",
                "With --files-from FILE DST/, every object FILE lists (one link per line, as Supervisely links files "
                        + "are written) is copied into DST/ under its key; an unresolvable line is reported with its "
                        + "number and the others go on.", "",
                "Keys that only object stores hold (folder markers 'photos/', empty segments 'a//b') are skipped "
                        + "with a note when the target is local files or a store with real folders.", "",
                "Every copy is verified: the size the target reports stored must equal the bytes read and the "
                        + "source's size, and where both sides know a digest of the same kind (MD5, SHA-1, SHA-256, "
                        + "CRC32C; computed while streaming where the source has none) it must match. A copy that "
                        + "does not match is removed from the target and reported; the exit status is then 1.", "",
                "Metadata the target cannot store (e.g. on an FTP server or in plain local files) is dropped with "
                        + "one warning. From a local folder, symbolic links are skipped unless -L is given.", "",
                "On a terminal a progress line shows files, bytes and throughput; a summary line ends the copy "
                        + "(how many were verified, and how many of those by size only)."})
final class CpCommand implements Callable<Integer> {
    @ParentCommand
    private StowageCommand top;

    @Option(names = {"-r", "--recursive"}, description = "Copy every object under the SRC folder into the DST folder.")
    private boolean recursive;

    @Option(names = {"-L", "--follow-links"},
            description = "With -r from a local folder, follow symbolic links (they are skipped by default).")
    private boolean followLinks;

    @Option(names = {"-j", "--jobs"}, paramLabel = "N", defaultValue = "4",
            description = "Copy up to N objects at once (default: ${DEFAULT-VALUE}).")
    private int jobs;

    @Option(names = "--files-from", paramLabel = "FILE",
            description = "Copy every object listed in FILE into the folder DST, each under its key: one link "
                    + "(s3://bucket/key, azure://container/blob, google://bucket/object, fs://storage-id/path) or "
                    + "NAME:key per line; blank lines and lines starting with # are skipped. Give only DST.")
    private Path filesFrom;

    @Parameters(index = "0", paramLabel = "SRC", description = "NAME:key, scheme://bucket/key or a local path.")
    private String source;

    @Parameters(index = "1", arity = "0..1", paramLabel = "DST",
            description = "NAME:key, scheme://bucket/key or a local path.")
    private String target;

    @Override
    public Integer call() throws Exception {
        if (jobs < 1 || jobs > 256) {
            throw new LocationException("-j must be between 1 and 256, was " + jobs);
        }
        if (filesFrom != null) {
            return copyListed();
        }
        if (target == null) {
            throw new LocationException("cp needs SRC and DST (or --files-from FILE DST)");
        }
        LocationParser parser = top.parser();
        Location src = parser.parse(source, recursive ? LocationParser.Mode.FOLDER : LocationParser.Mode.OBJECT, true);
        Location dst = parser.parse(target, recursive ? LocationParser.Mode.FOLDER : LocationParser.Mode.ANY, true);
        Side from = Side.open(top, src, recursive, followLinks, true);
        Side to;
        if (recursive) {
            to = Side.open(top, dst, true, false, false);
        } else if (isFolder(dst)) {
            Side folder = Side.open(top, dst, true, false, false);
            to = new Side(folder.endpoint(), folder.key() + src.baseName());
        } else {
            to = Side.open(top, dst, false, false, false);
        }
        try (Progress progress = new Progress(top.terminal())) {
            VerifiedCopy copier = new VerifiedCopy(from.endpoint(), to.endpoint(), progress);
            if (recursive) {
                copyTree(from, to, copier, progress);
            } else {
                copier.copy(from.key(), to.key());
            }
            progress.close();
            top.terminal().out().println(progress.summary());
            top.terminal().out().flush();
            return progress.failures() > 0 ? ErrorReport.FAILED : 0;
        }
    }

    /**
     * {@code --files-from}: copies each listed object into the DST folder under its key, through the same verified
     * single-object copy as {@code cp SRC DST}. A line that cannot be resolved is reported with its number and the
     * others go on; the list is read as it is copied, never held whole.
     */
    private int copyListed() throws Exception {
        if (target != null || recursive) {
            throw new LocationException("with --files-from give only the DST folder (and no -r): "
                    + "stowage cp --files-from links.txt DST/");
        }
        Path list = top.terminal().workDir().resolve(filesFrom);
        if (!Files.isRegularFile(list)) {
            throw new LocationException("--files-from " + filesFrom + ": no such file");
        }
        LocationParser parser = top.parser();
        Side to = Side.open(top, parser.parse(source, LocationParser.Mode.FOLDER, true), true, false, false);
        try (Progress progress = new Progress(top.terminal());
             BufferedReader lines = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread t = new Thread(r, "stowage-cp-list");
                t.setDaemon(true);
                return t;
            });
            Semaphore slots = new Semaphore(jobs * 4); // bounds the lines read ahead of the copies
            java.util.concurrent.atomic.AtomicBoolean warned = new java.util.concurrent.atomic.AtomicBoolean();
            try {
                String line;
                for (int n = 1; (line = lines.readLine()) != null; n++) {
                    String text = line.strip();
                    if (text.isEmpty() || text.startsWith("#")) {
                        continue;
                    }
                    Side from;
                    try {
                        from = Side.open(top, parser.parse(text, LocationParser.Mode.OBJECT, false), false, false,
                                true);
                    } catch (RuntimeException e) {
                        progress.failed(filesFrom + " line " + n + ": " + ErrorReport.describe(e));
                        continue;
                    }
                    VerifiedCopy copier = new VerifiedCopy(from.endpoint(), to.endpoint(), progress, warned);
                    slots.acquire();
                    pool.execute(() -> {
                        try {
                            copier.copy(from.key(), to.key() + from.key());
                        } finally {
                            slots.release();
                        }
                    });
                }
            } finally {
                pool.shutdown();
                pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
            }
            progress.close();
            top.terminal().out().println(progress.summary());
            top.terminal().out().flush();
            return progress.failures() > 0 ? ErrorReport.FAILED : 0;
        }
    }

    private void copyTree(Side from, Side to, VerifiedCopy copier, Progress progress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "stowage-cp");
            t.setDaemon(true);
            return t;
        });
        // bounds the keys waiting for a worker: the listing is consumed as copies finish, never held whole
        Semaphore slots = new Semaphore(jobs * 4);
        long listed = 0;
        try (Stream<Endpoint.Item> items = from.endpoint().list(from.key())) {
            for (Iterator<Endpoint.Item> it = items.iterator(); it.hasNext(); ) {
                Endpoint.Item item = it.next();
                listed++;
                if (item.skipped()) {
                    skip(from.endpoint(), item, progress);
                    continue;
                }
                String key = item.key();
                String relative = key.substring(from.key().length());
                String cannot = cannotHold(to.endpoint(), to.key() + relative);
                if (cannot != null) {
                    progress.skipped(from.endpoint().describe(key) + ": " + cannot);
                    continue;
                }
                slots.acquire();
                pool.execute(() -> {
                    try {
                        copier.copy(key, to.key() + relative);
                    } finally {
                        slots.release();
                    }
                });
            }
        } finally {
            pool.shutdown();
            pool.awaitTermination(Long.MAX_VALUE, TimeUnit.DAYS);
        }
        if (listed == 0) {
            throw StorageException.builder(ErrorCode.NOT_FOUND, "nothing to copy: no objects under "
                    + from.endpoint().describe(from.key())).operation(Operation.LIST).build();
        }
    }

    /** Reports an entry that is not copied: a notice (a link not followed) or a failure (exit 1). */
    static void skip(Endpoint side, Endpoint.Item item, Progress progress) {
        String message = "skipped " + side.describe(item.key()) + ": " + item.skipReason();
        if (item.error()) {
            progress.failed(message);
        } else {
            progress.warn(message);
        }
    }

    /**
     * Why the target cannot hold a key that exists in object stores (an S3-console folder marker {@code photos/}, an
     * empty segment {@code a//b}), or null when it can. Files and stores with real folders have no such names (a
     * marker's folder is made by the objects inside it, and {@code a//b} would overwrite {@code a/b}), and some object
     * stores refuse them (B2): whatever does not hold {@linkplain dev.stowage.Capabilities#looseKeys() loose keys}.
     */
    static String cannotHold(Endpoint to, String key) {
        boolean strict = to instanceof LocalEndpoint
                || (to instanceof StoreEndpoint s && !s.store().capabilities().looseKeys());
        if (!strict) {
            return null;
        }
        if (key.isEmpty() || key.endsWith("/")) {
            return "it is a folder marker (a key ending in '/'), which " + to.describe(key)
                    + " cannot hold as an object";
        }
        if (key.contains("//")) {
            return "its key has an empty segment ('//'), which " + to.describe(key) + " cannot hold";
        }
        return null;
    }

    private boolean isFolder(Location dst) {
        if (dst.kind() == Location.Kind.LOCAL) {
            return target.endsWith("/") || target.endsWith(File.separator) || Files.isDirectory(dst.path());
        }
        return dst.isFolder();
    }
}
