package dev.stowage.cli;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * Turns failures into one short line on stderr ({@code stowage: not found: ...}) and an exit status:
 * 1 when an operation failed, 2 when the command was used wrongly. Stack traces only with {@code --debug}.
 * Keys and arguments in the line are escaped ({@link Printable}): a key cannot add lines or terminal sequences.
 */
final class ErrorReport implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
    static final int FAILED = 1;
    static final int USAGE = 2;

    private final StowageCommand top;

    ErrorReport(StowageCommand top) {
        this.top = top;
    }

    @Override
    public int handleExecutionException(Exception ex, CommandLine cmd, ParseResult parseResult) {
        PrintWriter err = cmd.getErr();
        err.println("stowage: " + Printable.of(describe(ex)));
        if (top.debug()) {
            ex.printStackTrace(err);
        }
        err.flush();
        return exitCode(ex);
    }

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        PrintWriter err = cmd.getErr();
        err.println("stowage: " + Printable.of(ex.getMessage()));
        CommandLine.UnmatchedArgumentException.printSuggestions(ex, err);
        err.println("Try '" + cmd.getCommandSpec().qualifiedName() + " --help' for more information.");
        err.flush();
        return cmd.getCommandSpec().exitCodeOnInvalidInput();
    }

    /** The exit status for a failure. */
    static int exitCode(Throwable e) {
        if (e instanceof StorageException) {
            return FAILED;
        }
        return e instanceof IllegalArgumentException ? USAGE : FAILED;
    }

    /**
     * One line describing a failure, without the {@code stowage:} prefix: a storage failure as
     * {@code not found: get 'a.jpg' in store 'photos': ... (hint: ...)}.
     */
    static String describe(Throwable e) {
        if (e instanceof StorageException se) {
            return describe(se);
        }
        if (e instanceof UncheckedIOException u && u.getCause() != null) {
            return describe(u.getCause());
        }
        if (e instanceof NoSuchFileException nf) {
            return "not found: " + nf.getFile() + ": no such file or folder";
        }
        if (e instanceof AccessDeniedException ad) {
            return "permission denied: " + ad.getFile();
        }
        if (e instanceof FileSystemException fs) {
            return fs.getFile() + ": " + (fs.getReason() == null ? fs.getClass().getSimpleName() : fs.getReason());
        }
        if (e instanceof IOException || e instanceof IllegalArgumentException) {
            return message(e);
        }
        return "internal error: " + message(e) + " (run with --debug for details)";
    }

    /**
     * The same parts as {@link StorageException#getMessage()}, led by the code in words; the operation is shown
     * only with the key or store it concerns ("get 'a.jpg' in store 'photos'").
     */
    private static String describe(StorageException se) {
        StringBuilder sb = new StringBuilder(human(se.code()));
        StringBuilder context = new StringBuilder();
        if (se.key() != null) {
            context.append('\'').append(se.key()).append('\'');
        }
        if (se.store() != null) {
            context.append(context.length() > 0 ? " " : "").append("in store '").append(se.store()).append('\'');
        }
        if (context.length() > 0) {
            sb.append(": ");
            if (se.operation() != null) {
                sb.append(se.operation().name().toLowerCase(Locale.ROOT)).append(' ');
            }
            sb.append(context);
        }
        if (se.detail() != null && !se.detail().isEmpty()) {
            sb.append(": ").append(se.detail());
        }
        if (se.hint() != null && !se.hint().isEmpty()) {
            sb.append(" (hint: ").append(se.hint()).append(')');
        }
        return sb.toString();
    }

    /** {@code NOT_FOUND} as {@code not found}. */
    static String human(ErrorCode code) {
        return code.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }

    private static String message(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }
}
