package dev.stowage.cli;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** Runs {@code stowage} in-process with captured output, in a working folder with a config file of local stores. */
final class CliFixture {
    /** What one run printed and returned. */
    record Result(int exit, String out, byte[] outBytes, String err) {
    }

    final Path dir;
    final Map<String, String> env = new HashMap<>();

    CliFixture(Path dir) {
        this.dir = dir;
    }

    /** Writes ./stowage.yml with the given store entries (YAML under 'stores:'). */
    CliFixture config(String storesYaml) throws IOException {
        Files.writeString(dir.resolve("stowage.yml"), "stores:\n" + storesYaml, StandardCharsets.UTF_8);
        return this;
    }

    /** A config entry for a local store in a sub-folder of the working folder. */
    String localStore(String name, String... extraLines) {
        StringBuilder sb = new StringBuilder("  ").append(name).append(":\n    uri: file://")
                .append(folder(name)).append('\n');
        for (String line : extraLines) {
            sb.append("    ").append(line).append('\n');
        }
        return sb.toString();
    }

    Path folder(String name) {
        return dir.resolve("stores").resolve(name).toAbsolutePath();
    }

    /** Opens a local store directly, bypassing the command, to arrange or check content. */
    BlobStore open(String name) throws IOException {
        Files.createDirectories(folder(name));
        return BlobStores.open("file://" + folder(name));
    }

    Result run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Terminal terminal = new Terminal(new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), env, dir, false);
        int exit = StowageCommand.commandLine(terminal).execute(args);
        return new Result(exit, out.toString(StandardCharsets.UTF_8), out.toByteArray(),
                err.toString(StandardCharsets.UTF_8));
    }
}
