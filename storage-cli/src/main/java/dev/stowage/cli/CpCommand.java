package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.Capabilities;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.BufferedReader;
import java.io.File;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage cp}: copies objects from any store (or local files) to any store (or local files), streamed. */
@Command(name = "cp", mixinStandardHelpOptions = true,
        description = {"Copies an object, or with -r a folder, between any two stores or local paths.", "",
                "Content type, cache control and user metadata are kept where the destination stores them (what "
                        + "it cannot store is dropped, with a note). Objects are streamed, never held in "
                        + "memory. A failed object is reported and the others continue; the exit status is then 1.",
                "",
                "Without -r, a DST ending in '/' (or a store root NAME:, or an existing local folder) receives "
                        + "the object under its own name. With -r, the contents of SRC go into DST: "
                        + "'stowage cp -r photos:2024 backup:old/2024' copies photos:2024/a.jpg to "
                        + "backup:old/2024/a.jpg.", "",
                "With --files-from FILE DST/, every object FILE lists (one link per line, as Supervisely links files "
                        + "are written) is copied into DST/ under its key; an unresolvable line is reported with its "
                        + "number and the others go on.", "",
                "On a terminal a progress line shows files, bytes and throughput; a summary line ends the copy."})
final class CpCommand implements Callable<Integer> {
    @ParentCommand
    private StowageCommand top;

    /** Whether the metadata a destination cannot store was already reported (copies run on several threads). */
    private final AtomicBoolean droppedNoted = new AtomicBoolean();

    @Option(names = {"-r", "--recursive"}, description = "Copy every object under the SRC folder into the DST folder.")
    private boolean recursive;

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

    /** A side of the copy and the key (or folder) on it. */
    private record Side(Endpoint endpoint, String key) {
    }

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
        Side from = side(src, recursive);
        Side to;
        if (recursive) {
            to = side(dst, true);
        } else if (isFolder(dst)) {
            Side folder = side(dst, true);
            to = new Side(folder.endpoint(), folder.key() + src.baseName());
        } else {
            to = side(dst, false);
        }
        try (Progress progress = new Progress(top.terminal())) {
            if (recursive) {
                copyTree(from, to, progress);
            } else {
                copyOne(from.endpoint(), from.key(), to.endpoint(), to.key(), progress);
            }
            progress.close();
            top.terminal().out().println(progress.summary());
            top.terminal().out().flush();
            return progress.failures() > 0 ? ErrorReport.FAILED : 0;
        }
    }

    /**
     * {@code --files-from}: copies each listed object into the DST folder under its key, through the same
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
        Side to = side(parser.parse(source, LocationParser.Mode.FOLDER, true), true);
        try (Progress progress = new Progress(top.terminal());
             BufferedReader lines = Files.newBufferedReader(list, StandardCharsets.UTF_8)) {
            ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
                Thread t = new Thread(r, "stowage-cp-list");
                t.setDaemon(true);
                return t;
            });
            Semaphore slots = new Semaphore(jobs * 4); // bounds the lines read ahead of the copies
            try {
                String line;
                for (int n = 1; (line = lines.readLine()) != null; n++) {
                    String text = line.strip();
                    if (text.isEmpty() || text.startsWith("#")) {
                        continue;
                    }
                    Side from;
                    try {
                        from = side(parser.parse(text, LocationParser.Mode.OBJECT, false), false);
                    } catch (RuntimeException e) {
                        progress.failed(filesFrom + " line " + n + ": " + ErrorReport.describe(e));
                        continue;
                    }
                    slots.acquire();
                    pool.execute(() -> {
                        try {
                            copyOne(from.endpoint(), from.key(), to.endpoint(), to.key() + from.key(), progress);
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

    private void copyTree(Side from, Side to, Progress progress) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(jobs, r -> {
            Thread t = new Thread(r, "stowage-cp");
            t.setDaemon(true);
            return t;
        });
        // bounds the keys waiting for a worker: the listing is consumed as copies finish, never held whole
        Semaphore slots = new Semaphore(jobs * 4);
        long listed = 0;
        try (Stream<String> keys = from.endpoint().list(from.key())) {
            for (Iterator<String> it = keys.iterator(); it.hasNext(); ) {
                String key = it.next();
                String relative = key.substring(from.key().length());
                listed++;
                String cannot = cannotHold(to.endpoint(), to.key() + relative);
                if (cannot != null) {
                    progress.skipped(from.endpoint().describe(key) + ": " + cannot);
                    continue;
                }
                slots.acquire();
                pool.execute(() -> {
                    try {
                        copyOne(from.endpoint(), key, to.endpoint(), to.key() + relative, progress);
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

    /**
     * Why the target cannot hold a key that exists in object stores (an S3-console folder marker {@code photos/}, an
     * empty segment {@code a//b}), or null when it can. Files and stores with real folders have no such names: a
     * marker's folder is made by the objects inside it, and {@code a//b} would overwrite {@code a/b}.
     */
    private static String cannotHold(Endpoint to, String key) {
        boolean folders = to instanceof LocalEndpoint
                || (to instanceof StoreEndpoint s && s.store().capabilities().trueDirectories());
        if (!folders) {
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

    /** Copies one object; a failure is reported to the progress and does not stop the others. */
    private void copyOne(Endpoint from, String srcKey, Endpoint to, String dstKey, Progress progress) {
        try {
            if (from instanceof StoreEndpoint a && to instanceof StoreEndpoint b && a.store() == b.store()) {
                BlobInfo copied = a.store().copy(srcKey, dstKey); // server-side where the store can
                progress.done(copied.size());
                return;
            }
            Endpoint.Opened opened = from.open(srcKey);
            try (InputStream in = opened.in()) {
                BlobInfo info = opened.info();
                PutOptions options = keepable(to, PutOptions.builder().contentType(info.contentType())
                        .cacheControl(info.cacheControl()).metadata(info.userMetadata()).build());
                to.write(dstKey, progress.counting(in), info.size(), options);
                progress.done(info.size());
            }
        } catch (StorageException e) {
            progress.failed(ErrorReport.describe(e));
        } catch (Exception e) {
            progress.failed("cp " + from.describe(srcKey) + " to " + to.describe(dstKey) + ": "
                    + ErrorReport.describe(e));
        }
    }

    /**
     * The source's metadata that the destination can store; what it cannot (per its capabilities) is dropped rather
     * than failing the copy, and said once per command.
     */
    private PutOptions keepable(Endpoint to, PutOptions options) {
        if (!(to instanceof StoreEndpoint s)) {
            return options;
        }
        Capabilities caps = s.store().capabilities();
        List<String> dropped = new ArrayList<>();
        PutOptions.Builder b = options.toBuilder();
        if (options.contentType() != null && !caps.contentType()) {
            dropped.add("content types");
            b.contentType(null);
        }
        if (options.cacheControl() != null && !caps.cacheControl()) {
            dropped.add("Cache-Control");
            b.cacheControl(null);
        }
        if (!options.metadata().isEmpty() && !caps.userMetadata()) {
            dropped.add("user metadata");
            b.metadata(Map.of());
        }
        if (dropped.isEmpty()) {
            return options;
        }
        if (droppedNoted.compareAndSet(false, true)) {
            top.terminal().err().println("stowage: " + s.describe("") + " does not store " + String.join(", ", dropped)
                    + "; copying without them");
        }
        return b.build();
    }

    private Side side(Location loc, boolean folder) {
        if (loc.kind() == Location.Kind.LOCAL) {
            if (folder) {
                return new Side(new LocalEndpoint(loc.path()), "");
            }
            return new Side(new LocalEndpoint(loc.path().getParent()), loc.path().getFileName().toString());
        }
        BlobStore store = top.session().open(loc);
        String label = loc.kind() == Location.Kind.NAMED ? loc.storeName() + ":"
                : store.name().endsWith("/") ? store.name() : store.name() + "/";
        return new Side(new StoreEndpoint(store, label), loc.key());
    }

    private boolean isFolder(Location dst) {
        if (dst.kind() == Location.Kind.LOCAL) {
            return target.endsWith("/") || target.endsWith(File.separator) || Files.isDirectory(dst.path());
        }
        return dst.isFolder();
    }
}
