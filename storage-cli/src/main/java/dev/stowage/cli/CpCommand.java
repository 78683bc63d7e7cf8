package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.Capabilities;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
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

    @Parameters(index = "0", paramLabel = "SRC", description = "NAME:key, scheme://bucket/key or a local path.")
    private String source;

    @Parameters(index = "1", paramLabel = "DST", description = "NAME:key, scheme://bucket/key or a local path.")
    private String target;

    /** A side of the copy and the key (or folder) on it. */
    private record Side(Endpoint endpoint, String key) {
    }

    @Override
    public Integer call() throws Exception {
        if (jobs < 1 || jobs > 256) {
            throw new LocationException("-j must be between 1 and 256, was " + jobs);
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
                slots.acquire();
                listed++;
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
