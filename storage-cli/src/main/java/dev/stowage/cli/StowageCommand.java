package dev.stowage.cli;

import dev.stowage.StoreRegistry;
import dev.stowage.cli.gateway.ServeCommand;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The top {@code stowage} command: global options, the named-store config file, and the stores opened while a
 * subcommand runs (closed when it ends). Subcommands reach it with {@code @ParentCommand}.
 */
@Command(name = "stowage", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Lists, copies, syncs, reads, deletes and maps objects in any store Stowage can open.",
        subcommands = {LsCommand.class, StatCommand.class, CatCommand.class, CpCommand.class, SyncCommand.class,
                RmCommand.class,
                UrlCommand.class, TestConnectionCommand.class, ServeCommand.class},
        footer = {"", "Locations:",
                "  NAME:key              a store from the config file: photos:2024/a.jpg",
                "  provider://bucket/key a link, read through the configured store holding it:",
                "                        s3://my-bucket/a.jpg, azure://container/a.jpg, google://bucket/a.jpg,",
                "                        fs://storage-id/a.jpg (a configured local store by name)",
                "  scheme://bucket/key   otherwise a store given inline: file:///srv/data/a.jpg,",
                "                        s3://my-bucket/a.jpg?region=eu-west-1",
                "  ./path, /abs/path     a plain local file or folder (cp and sync only)",
                "  A key ending in '/' is a folder.",
                "",
                "Config file: --config FILE, else $STOWAGE_CONFIG, else ./stowage.yml if present;",
                "a Supervisely remote_links.yml is read as is (stores named account/bucket).",
                "Exit status: 0 ok, 1 an operation failed, 2 wrong usage."})
public final class StowageCommand implements Callable<Integer> {
    @Option(names = "--config", paramLabel = "FILE", scope = ScopeType.INHERIT,
            description = "YAML file of named stores (default: $STOWAGE_CONFIG, else ./stowage.yml if present).")
    private Path config;

    @Option(names = "--debug", scope = ScopeType.INHERIT,
            description = "Print stack traces of failures.")
    private boolean debug;

    @Spec
    private CommandSpec spec;

    private final Terminal terminal;
    private StoreRegistry registry;
    private StoreSession session;
    private LocationParser parser;

    public StowageCommand(Terminal terminal) {
        this.terminal = terminal;
    }

    /** A command line ready to {@code execute(args)} in the given terminal. */
    public static CommandLine commandLine(Terminal terminal) {
        StowageCommand top = new StowageCommand(terminal);
        CommandLine cl = new CommandLine(top);
        cl.setOut(new PrintWriter(terminal.out(), true));
        cl.setErr(new PrintWriter(terminal.err(), true));
        ErrorReport report = new ErrorReport(top);
        cl.setExecutionExceptionHandler(report);
        cl.setParameterExceptionHandler(report);
        cl.setExecutionStrategy(parseResult -> {
            try {
                return new CommandLine.RunLast().execute(parseResult);
            } finally {
                top.closeStores();
            }
        });
        return cl;
    }

    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getErr());
        return spec.exitCodeOnInvalidInput();
    }

    /** Where output goes and what environment the command runs in. */
    public Terminal terminal() {
        return terminal;
    }

    /** Whether {@code --debug} was given. */
    public boolean debug() {
        return debug;
    }

    /**
     * The config file in effect: {@code --config}, else {@code $STOWAGE_CONFIG}, else {@code ./stowage.yml}
     * when it exists; {@code null} when there is none.
     */
    public Path configFile() {
        if (config != null) {
            return terminal.workDir().resolve(config);
        }
        String env = terminal.env().get("STOWAGE_CONFIG");
        if (env != null && !env.isBlank()) {
            return terminal.workDir().resolve(env.strip());
        }
        Path local = terminal.workDir().resolve("stowage.yml");
        return Files.isRegularFile(local) ? local : null;
    }

    /** The named stores of the config file (none without one), loaded on first use. */
    public synchronized StoreRegistry registry() {
        if (registry == null) {
            Path file = configFile();
            registry = file == null ? StoreRegistry.of(List.of()) : StoreRegistry.load(file);
        }
        return registry;
    }

    /** Parses locations against the configured stores and installed drivers. */
    public synchronized LocationParser parser() {
        if (parser == null) {
            parser = new LocationParser(this::registry, () -> {
                Path f = configFile();
                return f == null ? null : f.toString();
            }, terminal.workDir(), note -> {
                terminal.err().println("stowage: " + note);
                terminal.err().flush();
            });
        }
        return parser;
    }

    /** Opens the stores locations name; closed when the command ends. */
    public synchronized StoreSession session() {
        if (session == null) {
            session = new StoreSession(this::registry);
        }
        return session;
    }

    synchronized void closeStores() {
        try {
            if (session != null) {
                session.close();
            }
        } finally {
            session = null;
            if (registry != null) {
                StoreRegistry r = registry;
                registry = null;
                r.close();
            }
        }
    }
}
