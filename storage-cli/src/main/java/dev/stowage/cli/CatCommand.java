package dev.stowage.cli;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.Operation;
import dev.stowage.ByteRange;
import java.io.IOException;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage cat}: writes an object's bytes to standard output, streamed. */
@Command(name = "cat", mixinStandardHelpOptions = true,
        description = "Writes an object's bytes, or a byte range of them, to standard output.")
final class CatCommand implements Callable<Integer> {
    private static final Pattern RANGE = Pattern.compile("(\\d*)-(\\d*)");

    @ParentCommand
    private StowageCommand top;

    @Option(names = "--range", paramLabel = "A-B",
            description = "Bytes A to B inclusive, counted from 0 (like HTTP Range): 0-99, 100- (to the end), "
                    + "-500 (the last 500).")
    private String range;

    @Parameters(paramLabel = "LOCATION", description = "The object: NAME:key, a link provider://bucket/key "
            + "(read through the configured store holding it) or a store URI.")
    private String location;

    @Override
    public Integer call() throws IOException {
        Location loc = top.parser().parse(location, LocationParser.Mode.OBJECT, false);
        Side.requireExistingLocalRoot(top, loc, Operation.GET); // a read must not create the folder
        BlobStore store = top.session().open(loc);
        ByteRange byteRange = range == null ? null : parseRange(range, store, loc.key());
        PrintStream out = top.terminal().out();
        try (BlobInputStream in = store.get(loc.key(), byteRange)) {
            in.transferTo(out);
        }
        out.flush();
        return 0;
    }

    private static ByteRange parseRange(String text, BlobStore store, String key) {
        Matcher m = RANGE.matcher(text.strip());
        if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
            throw new LocationException("invalid --range '" + text + "': write A-B (bytes A to B inclusive), "
                    + "A- (from A to the end) or -N (the last N bytes)");
        }
        try {
            if (m.group(1).isEmpty()) {
                long last = Long.parseLong(m.group(2));
                long size = store.stat(key).size();
                return ByteRange.from(Math.max(0, size - last));
            }
            long from = Long.parseLong(m.group(1));
            if (m.group(2).isEmpty()) {
                return ByteRange.from(from);
            }
            long to = Long.parseLong(m.group(2));
            if (to < from) {
                throw new LocationException("invalid --range '" + text + "': the end (" + to
                        + ") is before the start (" + from + ")");
            }
            return ByteRange.of(from, to - from + 1);
        } catch (NumberFormatException e) {
            throw new LocationException("invalid --range '" + text + "': the numbers are too large", e);
        }
    }
}
