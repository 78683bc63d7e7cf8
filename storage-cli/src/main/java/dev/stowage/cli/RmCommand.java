package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage rm}: deletes an object, or with {@code -r} everything under a folder. */
@Command(name = "rm", mixinStandardHelpOptions = true,
        description = {"Deletes an object, or with -r everything under a folder.", "",
                "With -r, the object of that name (if any) and every object under the folder of that name are "
                        + "deleted without asking. A missing object is an error (exit 1), so a mistyped key is "
                        + "noticed. A key that cannot be deleted (e.g. one with control characters, which no call "
                        + "can address) is reported and the others are still deleted; the exit status is then 1.", "",
                "Deleting a whole store (NAME:, a bucket or container root, or a local file-system root) needs "
                        + "--force."})
final class RmCommand implements Callable<Integer> {
    private static final int BATCH = 1000;

    @ParentCommand
    private StowageCommand top;

    @Option(names = {"-r", "--recursive"}, description = "Delete everything under the folder.")
    private boolean recursive;

    @Option(names = "--force",
            description = "Allow rm -r of a whole store: every object in the bucket, container or folder it opens.")
    private boolean force;

    @Parameters(paramLabel = "LOCATION", description = "NAME:key, NAME:folder/ (with -r) or scheme://bucket/key.")
    private String location;

    @Override
    public Integer call() {
        Location loc = top.parser().parse(location, recursive ? LocationParser.Mode.ANY : LocationParser.Mode.OBJECT,
                false);
        String key = loc.key();
        if (recursive && key.isEmpty() && !force) {
            throw new LocationException(wholeStoreRefusal(loc));
        }
        Side.requireExistingLocalRoot(top, loc, Operation.DELETE);
        BlobStore store = top.session().open(loc);
        long deleted = 0;
        if (!key.isEmpty() && !key.endsWith("/")) {
            if (store.exists(key)) {
                store.delete(key);
                deleted++;
            } else if (!recursive) {
                throw StorageException.builder(ErrorCode.NOT_FOUND, "no object under this key")
                        .store(store.name()).operation(Operation.DELETE).key(key)
                        .hint("to delete a folder and everything in it use rm -r").build();
            }
        }
        if (!recursive) {
            return 0;
        }
        String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
        long[] failed = {0};
        deleted += deleteUnder(store, prefix, failed);
        if (deleted == 0 && failed[0] == 0) {
            throw StorageException.builder(ErrorCode.NOT_FOUND, "no objects under this location")
                    .store(store.name()).operation(Operation.DELETE).key(prefix.isEmpty() ? null : prefix).build();
        }
        PrintStream out = top.terminal().out();
        out.println("deleted " + deleted + (deleted == 1 ? " object" : " objects")
                + (failed[0] > 0 ? ", " + failed[0] + " failed" : ""));
        out.flush();
        return failed[0] > 0 ? ErrorReport.FAILED : 0;
    }

    /** Why an unforced rm -r of a whole store is refused, naming what would have gone. */
    static String wholeStoreRefusal(Location loc) {
        String what;
        if (loc.kind() == Location.Kind.URI && loc.store() != null && !loc.store().path().isEmpty()
                && Path.of(loc.store().path()).getParent() == null
                && (loc.store().scheme().equals("file") || loc.store().scheme().equals("fs"))) {
            what = "'" + loc.text() + "' is a file-system root: rm -r would delete every file on it";
        } else {
            what = "'" + loc.text() + "' is a whole store: rm -r would delete every object in it";
        }
        return what + "; add --force if that is what you want, or name a folder (NAME:folder/)";
    }

    /**
     * Deletes in batches, listing again after each so deletion never races the listing it came from. A key that
     * fails is reported and skipped; the next listing starts after it, so it is not tried again.
     */
    private long deleteUnder(BlobStore store, String prefix, long[] failed) {
        long deleted = 0;
        String after = null;
        while (true) {
            List<String> batch;
            ListOptions options = ListOptions.builder().prefix(prefix).startAfter(after).build();
            try (Stream<ListEntry> entries = store.list(options)) {
                batch = entries.filter(e -> !e.isPrefix()).limit(BATCH).map(ListEntry::key).toList();
            }
            if (batch.isEmpty()) {
                return deleted;
            }
            for (String k : batch) {
                try {
                    store.delete(k);
                    deleted++;
                } catch (StorageException | IllegalArgumentException e) {
                    failed[0]++;
                    PrintStream err = top.terminal().err();
                    err.println("stowage: " + Printable.of("rm " + k + ": " + ErrorReport.describe(e)));
                    err.flush();
                }
            }
            after = batch.get(batch.size() - 1);
        }
    }
}
