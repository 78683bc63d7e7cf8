package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.SignedUrlOptions;
import java.net.URI;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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

    @Parameters(paramLabel = "LOCATION", description = "The object: NAME:key or scheme://bucket/key.")
    private String location;

    @Override
    public Integer call() {
        Location loc = top.parser().parse(location, LocationParser.Mode.OBJECT, false);
        BlobStore store = top.session().open(loc);
        URI url = signed == null ? store.publicUrl(loc.key()) : store.signedUrl(loc.key(), SignedUrlOptions.get(signed));
        top.terminal().out().println(url);
        return 0;
    }

    /** Reads {@code 30s}, {@code 15m}, {@code 2h}, {@code 7d} or ISO-8601 durations. */
    static final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
        private static final Pattern SHORT = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)");

        @Override
        public Duration convert(String value) {
            String v = value.strip().toLowerCase(Locale.ROOT);
            Matcher m = SHORT.matcher(v);
            try {
                if (m.matches()) {
                    long n = Long.parseLong(m.group(1));
                    return switch (m.group(2)) {
                        case "ms" -> Duration.ofMillis(n);
                        case "s" -> Duration.ofSeconds(n);
                        case "m" -> Duration.ofMinutes(n);
                        case "h" -> Duration.ofHours(n);
                        default -> Duration.ofDays(n);
                    };
                }
                if (v.startsWith("p")) {
                    return Duration.parse(v.toUpperCase(Locale.ROOT));
                }
            } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
                // fall through to the explanation below
            }
            throw new CommandLine.TypeConversionException("'" + value
                    + "' is not a duration; write e.g. 30s, 15m, 2h, 7d or PT15M");
        }
    }
}
