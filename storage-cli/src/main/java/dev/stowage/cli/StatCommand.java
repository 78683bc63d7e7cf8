package dev.stowage.cli;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.Operation;
import java.io.PrintStream;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage stat}: prints one object's metadata. */
@Command(name = "stat", mixinStandardHelpOptions = true,
        description = {"Prints an object's metadata.", "",
                "Key, size, last-modified time, ETag, content type, cache control and user metadata, one "
                        + "'name  value' pair per line."})
final class StatCommand implements Callable<Integer> {
    @ParentCommand
    private StowageCommand top;

    @Parameters(paramLabel = "LOCATION", description = "The object: NAME:key, a link provider://bucket/key "
            + "(read through the configured store holding it) or a store URI.")
    private String location;

    @Override
    public Integer call() {
        Location loc = top.parser().parse(location, LocationParser.Mode.OBJECT, false);
        Side.requireExistingLocalRoot(top, loc, Operation.STAT); // a read must not create the folder
        BlobStore store = top.session().open(loc);
        BlobInfo info = store.stat(loc.key());
        PrintStream out = top.terminal().out();
        row(out, "key", info.key());
        row(out, "size", String.valueOf(info.size()));
        row(out, "lastModified", LsCommand.time(info.lastModified()));
        row(out, "etag", info.etag());
        row(out, "contentType", info.contentType());
        row(out, "cacheControl", info.cacheControl());
        for (Map.Entry<String, String> m : info.userMetadata().entrySet()) {
            row(out, "metadata." + Printable.of(m.getKey()), m.getValue());
        }
        out.flush();
        return 0;
    }

    private static void row(PrintStream out, String name, String value) {
        out.printf("%-14s %s%n", name, Printable.of(value)); // values come from the store: escaped
    }
}
