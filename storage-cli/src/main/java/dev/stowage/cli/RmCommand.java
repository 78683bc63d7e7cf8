package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
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
                        + "noticed."})
final class RmCommand implements Callable<Integer> {
    private static final int BATCH = 1000;

    @ParentCommand
    private StowageCommand top;

    @Option(names = {"-r", "--recursive"}, description = "Delete everything under the folder.")
    private boolean recursive;

    @Parameters(paramLabel = "LOCATION", description = "NAME:key, NAME:folder/ (with -r) or scheme://bucket/key.")
    private String location;

    @Override
    public Integer call() {
        Location loc = top.parser().parse(location, recursive ? LocationParser.Mode.ANY : LocationParser.Mode.OBJECT,
                false);
        BlobStore store = top.session().open(loc);
        String key = loc.key();
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
        if (recursive) {
            String prefix = key.isEmpty() || key.endsWith("/") ? key : key + "/";
            deleted += deleteUnder(store, prefix);
            if (deleted == 0) {
                throw StorageException.builder(ErrorCode.NOT_FOUND, "no objects under this location")
                        .store(store.name()).operation(Operation.DELETE).key(prefix.isEmpty() ? null : prefix).build();
            }
            top.terminal().out().println("deleted " + deleted + (deleted == 1 ? " object" : " objects"));
        }
        return 0;
    }

    /** Deletes in batches, listing again after each so deletion never races the listing it came from. */
    private static long deleteUnder(BlobStore store, String prefix) {
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
                store.delete(k);
                deleted++;
            }
            after = batch.get(batch.size() - 1);
        }
    }
}
