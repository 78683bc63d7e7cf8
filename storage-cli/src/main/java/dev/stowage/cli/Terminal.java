package dev.stowage.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * What the command runs in: its output streams, environment, working folder, and whether a person is
 * watching (which turns the progress bar on). Tests supply their own to run commands in-process.
 *
 * @param out         standard output (object bytes from {@code cat}, listings, summaries)
 * @param err         standard error (error messages, progress)
 * @param env         the environment variables ({@code STOWAGE_CONFIG})
 * @param workDir     the folder relative local paths and {@code ./stowage.yml} are resolved against
 * @param interactive whether a terminal is attached, so a progress line can be redrawn in place
 */
public record Terminal(PrintStream out, PrintStream err, Map<String, String> env, Path workDir,
                       boolean interactive) {
    public Terminal {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(err, "err");
        env = Map.copyOf(env);
        workDir = workDir.toAbsolutePath().normalize();
    }

    /** The process's own terminal. */
    public static Terminal system() {
        return new Terminal(System.out, System.err, System.getenv(), Path.of(""), System.console() != null);
    }
}
