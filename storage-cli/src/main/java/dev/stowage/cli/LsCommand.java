package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.io.PrintStream;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Iterator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage ls}: lists the objects and folders under a location. */
@Command(name = "ls", mixinStandardHelpOptions = true,
        description = {"Lists the objects and folders under a location.", "",
                "One key per line, folders ending in '/'. Keys are printed as they are in the store, so a line "
                        + "can be appended to NAME: to make a location, except that control characters, DEL, C1 "
                        + "controls and bidi overrides are shown escaped (\\x1b, \\u202e). A location naming "
                        + "one object lists that object. -l adds size, last-modified time (UTC) and ETag."})
final class LsCommand implements Callable<Integer> {
    @ParentCommand
    private StowageCommand top;

    @Option(names = {"-r", "--recursive"}, description = "List every object below the location, not only its direct children.")
    private boolean recursive;

    @Option(names = {"-l", "--long"}, description = "Show size, last-modified time (UTC) and ETag before each key.")
    private boolean longFormat;

    @Parameters(paramLabel = "LOCATION", description = "NAME: (the root), NAME:folder/ or scheme://bucket/folder/.")
    private String location;

    @Override
    public Integer call() {
        Location loc = top.parser().parse(location, LocationParser.Mode.ANY, false);
        Side.requireExistingLocalRoot(top, loc, Operation.LIST);
        BlobStore store = top.session().open(loc);
        PrintStream out = top.terminal().out();
        String prefix = loc.key();
        if (!prefix.isEmpty() && !prefix.endsWith("/")) {
            BlobInfo single = statIfObject(store, prefix);
            if (single != null) {
                out.println(line(ListEntry.ofBlob(single)));
                return 0;
            }
            prefix = prefix + "/";
        }
        ListOptions options = ListOptions.builder().prefix(prefix).delimiter(recursive ? null : "/").build();
        long count = 0;
        try (Stream<ListEntry> entries = store.list(options)) {
            for (Iterator<ListEntry> it = entries.iterator(); it.hasNext(); ) {
                out.println(line(it.next()));
                count++;
            }
        }
        out.flush();
        if (count == 0 && !prefix.isEmpty()) {
            throw StorageException.builder(ErrorCode.NOT_FOUND, "no objects under this folder")
                    .store(store.name()).operation(Operation.LIST).key(prefix).build();
        }
        return 0;
    }

    private static BlobInfo statIfObject(BlobStore store, String key) {
        try {
            return store.stat(key);
        } catch (StorageException e) {
            // a folder, or nothing: listing tells which
            if (e.code() == ErrorCode.NOT_FOUND || e.code() == ErrorCode.INVALID_ARGUMENT) {
                return null;
            }
            throw e;
        }
    }

    private String line(ListEntry e) {
        String key = Printable.of(e.key());
        if (!longFormat) {
            return key;
        }
        if (e.isPrefix()) {
            return String.format("%12s  %-20s  %-34s  %s", "DIR", "-", "-", key);
        }
        BlobInfo i = e.info();
        return String.format("%12d  %-20s  %-34s  %s", i.size(), time(i.lastModified()), Printable.of(i.etag()), key);
    }

    static String time(Instant t) {
        return t == null ? "-" : t.truncatedTo(ChronoUnit.SECONDS).toString();
    }
}
