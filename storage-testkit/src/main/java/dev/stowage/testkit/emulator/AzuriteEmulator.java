package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite, the Azure Storage emulator (npm package {@code azurite}), run as a local process serving the Blob API
 * on a free loopback port with the well-known development account {@code devstoreaccount1}.
 *
 * <p>Azurite is found in the folder named by the system property {@code azurite.home} or the environment variable
 * {@code AZURITE_HOME} (a folder holding {@code node_modules/.bin/azurite-blob}), else in
 * {@code storage-testkit/emulators/azurite} of the project, where {@code storage-testkit/scripts/install-azurite.sh}
 * installs it.
 */
public final class AzuriteEmulator implements AutoCloseable {
    /** The development account Azurite always has. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The development account's published key (not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** Set this system property to {@code true} to skip Azurite-backed tests in CI when Azurite is absent. */
    public static final String SKIP_PROPERTY = "stowage.skipAzurite";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;

    private AzuriteEmulator(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts Azurite keeping blobs in memory. */
    public static AzuriteEmulator start() {
        return start(null);
    }

    /**
     * Starts Azurite keeping blobs in {@code location} on disk (for objects larger than memory), or in memory
     * when {@code location} is {@code null}.
     */
    public static AzuriteEmulator start(Path location) {
        Path binary = find().orElseThrow(() -> new IllegalStateException(notInstalledMessage()));
        try {
            int port = Ports.freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--blobHost", "127.0.0.1",
                    "--blobPort", String.valueOf(port), "--loose", "--skipApiVersionCheck", "--silent"));
            if (location == null) {
                command.add("--inMemoryPersistence");
            } else {
                command.addAll(List.of("--location", location.toString()));
            }
            Path log = Files.createTempFile("azurite-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            AzuriteEmulator emulator = new AzuriteEmulator(process, port, log);
            emulator.awaitListening();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start Azurite from " + binary, e);
        }
    }

    /**
     * Starts Azurite in memory, or, when it is not installed, skips the calling test with a message saying how to
     * install it. In CI (environment variable {@code CI=true}) a missing Azurite fails instead, unless the system
     * property {@value #SKIP_PROPERTY} is {@code true}.
     */
    public static AzuriteEmulator startOrSkip() {
        if (find().isEmpty()) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci && !Boolean.getBoolean(SKIP_PROPERTY)) {
                throw new IllegalStateException(notInstalledMessage() + " (CI=true, so this is a failure; set -D"
                        + SKIP_PROPERTY + "=true to skip on purpose)");
            }
            Assumptions.abort("skipped: " + notInstalledMessage());
        }
        return start();
    }

    /** Whether Azurite is installed where this fixture looks. */
    public static boolean isInstalled() {
        return find().isPresent();
    }

    private static String notInstalledMessage() {
        return "Azurite is not installed; run storage-testkit/scripts/install-azurite.sh or set AZURITE_HOME";
    }

    private static Optional<Path> find() {
        List<Path> homes = new ArrayList<>();
        String property = System.getProperty("azurite.home");
        if (property != null && !property.isBlank()) {
            homes.add(Path.of(property));
        }
        String env = System.getenv("AZURITE_HOME");
        if (env != null && !env.isBlank()) {
            homes.add(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            homes.add(dir.resolve("storage-testkit/emulators/azurite"));
        }
        for (Path home : homes) {
            for (Path candidate : List.of(home.resolve("node_modules/.bin/azurite-blob"),
                    home.resolve("bin/azurite-blob"), home.resolve("azurite-blob"))) {
                if (Files.isExecutable(candidate)) {
                    return Optional.of(candidate);
                }
            }
        }
        return Optional.empty();
    }


    private void awaitListening() throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("Azurite exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return;
            } catch (IOException notYet) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    close();
                    throw new IOException("interrupted while waiting for Azurite", e);
                }
            }
        }
        close();
        throw new IOException("Azurite did not listen on port " + port + " within " + STARTUP);
    }

    /** The port Azurite's Blob service listens on. */
    public int port() {
        return port;
    }

    /** The development account's Blob endpoint, e.g. {@code http://127.0.0.1:10000/devstoreaccount1}. */
    public String blobEndpoint() {
        return "http://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string for the development account. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=http;AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    @Override
    public void close() {
        // azurite-blob is a node launcher script; its children must go too.
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, java.util.concurrent.TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log file in the temp folder is harmless
        }
    }
}
