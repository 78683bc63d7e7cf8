package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StoreConfig;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code stowage url}: prints the URL a browser fetches an object from. */
@Command(name = "url", mixinStandardHelpOptions = true,
        description = {"Prints an object's public URL, or with --signed a temporary signed URL.", "",
                "The public URL comes from the store's publicUrlBase (CNAME, CDN prefix) or the backend's own "
                        + "public address. Nothing is fetched."})
final class UrlCommand implements Callable<Integer> {
    @ParentCommand
    private StowageCommand top;

    @Option(names = "--signed", paramLabel = "DURATION", converter = DurationConverter.class,
            description = "Print a signed URL valid this long: 30s, 15m, 2h, 7d or ISO-8601 (PT15M); at most 7 days.")
    private Duration signed;

    @Parameters(paramLabel = "LOCATION", description = "The object: NAME:key, a link provider://bucket/key "
            + "(mapped by the configured store holding it) or a store URI.")
    private String location;

    @Override
    public Integer call() {
        Location loc = top.parser().parse(location, LocationParser.Mode.OBJECT, false);
        BlobStore store = top.session().open(loc);
        URI url = signed == null ? store.publicUrl(loc.key()) : store.signedUrl(loc.key(), SignedUrlOptions.get(signed));
        top.terminal().out().println(url);
        return 0;
    }

    /** Reads durations as every Stowage option does ({@link StoreConfig#parseDuration}). */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return StoreConfig.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value
                        + "' is not a duration; write e.g. 30s, 15m, 2h, 7d or PT15M");
            }
        }
    }
}
