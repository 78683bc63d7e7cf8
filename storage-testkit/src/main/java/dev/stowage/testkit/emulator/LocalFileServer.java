package dev.stowage.testkit.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.UserPrincipal;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * The common part of the fixtures that run a file server Debian ships (vsftpd, pure-ftpd, OpenSSH's sshd) as a
 * local process on a free loopback port: a working folder for its configuration, keys and log; a data folder in
 * the home of the local test user the server logs in; a readiness check that waits for the server's greeting; and
 * the skip-or-fail rule for a server that is not installed (skipped with how to install it, a failure under
 * {@code CI=true}, as {@link AzuriteEmulator} does).
 *
 * <p>{@code storage-testkit/scripts/install-fileservers.sh} installs the servers and creates the user. The user's
 * name and password come from the environment ({@code STOWAGE_FS_USER}, {@code STOWAGE_FS_PASSWORD}) with the
 * script's defaults. Starting a server needs root: the servers switch to the test user after login.
 */
public abstract class LocalFileServer implements AutoCloseable {
    /** The local Linux user the servers log in. */
    public static final String USER = env("STOWAGE_FS_USER", "stowagefs");
    /** That user's password, set by the install script; a throwaway test credential. */
    public static final String PASSWORD = env("STOWAGE_FS_PASSWORD", "stowage-fs-test");
    /** Set this system property to {@code true} to skip these servers in CI on purpose. */
    public static final String SKIP_PROPERTY = "stowage.skipFileServers";

    private static final Duration STARTUP = Duration.ofSeconds(30);
    private static final String INSTALL = "run storage-testkit/scripts/install-fileservers.sh (as root)";

    private final String name;
    private final Path work;
    private final Path data;
    private final int port;
    private Process process;

    /**
     * @param name a short name for messages, e.g. "vsftpd"
     */
    protected LocalFileServer(String name) throws IOException {
        this.name = name;
        this.port = Ports.freeLoopbackPort();
        this.work = Files.createTempDirectory("stowage-" + name + "-");
        Path home = homeOf(USER);
        this.data = Files.createTempDirectory(home, "stowage-" + name + "-");
        UserPrincipal owner = data.getFileSystem().getUserPrincipalLookupService().lookupPrincipalByName(USER);
        Files.setOwner(data, owner);
    }

    /**
     * Skips the calling test when {@code binary} is missing or the test does not run as root, saying how to set
     * it up; under {@code CI=true} that is a failure instead, unless {@value #SKIP_PROPERTY} is {@code true}.
     */
    protected static void requireInstalled(String name, Path binary) {
        String missing = null;
        if (!Files.isExecutable(binary)) {
            missing = name + " is not installed (" + binary + " is missing); " + INSTALL;
        } else if (!"root".equals(System.getProperty("user.name"))) {
            missing = name + " must be started as root, so that it can log in the local test user";
        } else if (!Files.isDirectory(homeOrNull())) {
            missing = "the local test user '" + USER + "' does not exist; " + INSTALL;
        }
        if (missing == null) {
            return;
        }
        if ("true".equalsIgnoreCase(System.getenv("CI")) && !Boolean.getBoolean(SKIP_PROPERTY)) {
            throw new IllegalStateException(missing + " (CI=true, so this is a failure; set -D" + SKIP_PROPERTY
                    + "=true to skip on purpose)");
        }
        Assumptions.abort("skipped: " + missing);
    }

    private static Path homeOrNull() {
        try {
            return homeOf(USER);
        } catch (IOException e) {
            return Path.of("/nonexistent");
        }
    }

    /** The user's home folder, from /etc/passwd. */
    private static Path homeOf(String user) throws IOException {
        for (String line : Files.readAllLines(Path.of("/etc/passwd"))) {
            String[] f = line.split(":");
            if (f.length >= 6 && f[0].equals(user)) {
                return Path.of(f[5]);
            }
        }
        throw new IOException("no local user '" + user + "'; " + INSTALL);
    }

    /** Starts the server process and waits until it answers with a greeting starting with {@code greeting}. */
    protected final void launch(List<String> command, String greeting) {
        Path log = work.resolve(name + ".log");
        try {
            process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            awaitGreeting(greeting, log);
        } catch (IOException e) {
            close();
            throw new UncheckedIOException("cannot start " + name + ": " + command, e);
        }
    }

    private void awaitGreeting(String greeting, Path log) throws IOException {
        long deadline = System.nanoTime() + STARTUP.toNanos();
        IOException last = null;
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException(name + " exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try (Socket socket = new Socket()) {
                socket.connect(new InetSocketAddress("127.0.0.1", port), 500);
                socket.setSoTimeout(5000);
                String line = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                        StandardCharsets.UTF_8)).readLine();
                if (line != null && line.startsWith(greeting)) {
                    return;
                }
                last = new IOException("greeting was '" + line + "'");
            } catch (IOException notYet) {
                last = notYet;
            }
            try {
                Thread.sleep(25);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IOException("interrupted while waiting for " + name, e);
            }
        }
        throw new IOException(name + " did not greet on 127.0.0.1:" + port + " within " + STARTUP + " (" + last
                + "): " + Files.readString(log));
    }

    /** The port the server listens on, on 127.0.0.1. */
    public int port() {
        return port;
    }

    /** The folder the fixture's stores live in (owned by the test user); {@link #uri(String)} names folders below. */
    public Path root() {
        return data;
    }

    /** The fixture's own working folder (configuration, keys, log). */
    protected Path work() {
        return work;
    }

    /** What the server has logged so far, for test failure messages. */
    public String log() {
        try {
            return Files.readString(work.resolve(name + ".log"));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** A store URI for {@code folder} below {@link #root()}, with the test user's credentials. */
    public abstract String uri(String folder);

    /** user:password@127.0.0.1:port/absolute/root/folder, for subclasses' URIs. */
    protected String authority(String folder) {
        return USER + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@127.0.0.1:" + port + data + "/"
                + folder;
    }

    /** Writes a file in the working folder, readable only by root. */
    protected Path writeWork(String file, String content) throws IOException {
        Path p = work.resolve(file);
        Files.writeString(p, content);
        return p;
    }

    /** Runs a helper command (ssh-keygen, openssl) to completion, failing with its output. */
    protected static void run(List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted: " + command, e);
        }
    }

    /**
     * Kills the per-connection processes the server forked (vsftpd, pure-ftpd and sshd serve each connection in its
     * own process), as if every connection dropped at once; the server keeps listening for new ones.
     */
    public void dropConnections() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** Stops the server (and the per-session processes it forked) and removes its folders. */
    @Override
    public void close() {
        if (process != null) {
            List<ProcessHandle> children = process.descendants().toList();
            process.destroy();
            children.forEach(ProcessHandle::destroy);
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        deleteTree(data);
        deleteTree(work);
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // a leftover temporary folder is harmless
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
