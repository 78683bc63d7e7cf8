package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;

/**
 * s3rver (npm package {@code s3rver}), an S3 server written for node by others, run as a local process on a free
 * loopback port with one bucket. It accepts {@code aws-chunked} uploads but stores their bodies undecoded, framing
 * and all, as several self-hosted S3 servers do: a client that sends chunk-signed bodies to it silently stores
 * other bytes. The S3 driver's integrity tests run against it for that reason.
 *
 * <p>s3rver is found in the folder named by the environment variable {@code S3RVER_HOME} (holding
 * {@code node_modules/s3rver}), else in {@code storage-testkit/emulators/s3rver} of the project, where
 * {@code storage-testkit/scripts/install-s3rver.sh} installs it. Under {@code CI=true} a missing install is a
 * failure rather than a skip.
 */
public final class S3rverEmulator implements AutoCloseable {
    /** s3rver's fixed credentials (not secrets). */
    public static final String ACCESS_KEY = "S3RVER";
    public static final String SECRET_KEY = "S3RVER";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final String bucket;
    private final Path data;
    private final Path log;

    private S3rverEmulator(Process process, int port, String bucket, Path data, Path log) {
        this.process = process;
        this.port = port;
        this.bucket = bucket;
        this.data = data;
        this.log = log;
    }

    /** Starts s3rver with one bucket, or skips the calling test (fails under CI) when s3rver is not installed. */
    public static S3rverEmulator startOrSkip(String bucket) {
        Optional<Path> script = find();
        if (script.isEmpty()) {
            String message = "s3rver is not installed; run storage-testkit/scripts/install-s3rver.sh or set S3RVER_HOME";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException(message + " (CI=true, so this is a failure)");
            }
            Assumptions.abort("skipped: " + message);
        }
        try {
            int port = Ports.freeLoopbackPort();
            Path data = Files.createTempDirectory("s3rver-");
            Path log = Files.createTempFile("s3rver-", ".log");
            Process process = new ProcessBuilder("node", script.get().toString(), "-d", data.toString(),
                    "-a", "127.0.0.1", "-p", String.valueOf(port), "--silent", "--no-vhost-buckets",
                    "--configure-bucket", bucket)
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            S3rverEmulator emulator = new S3rverEmulator(process, port, bucket, data, log);
            emulator.awaitBucket();
            return emulator;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start s3rver from " + script.get(), e);
        }
    }

    private static Optional<Path> find() {
        List<Path> homes = new ArrayList<>();
        String env = System.getenv("S3RVER_HOME");
        if (env != null && !env.isBlank()) {
            homes.add(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            homes.add(dir.resolve("storage-testkit/emulators/s3rver"));
        }
        return homes.stream().map(h -> h.resolve("node_modules/s3rver/bin/s3rver.js")).filter(Files::isRegularFile)
                .findFirst();
    }

    /** Ready means the bucket answers, not only that the port is open. */
    private void awaitBucket() throws IOException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(endpoint() + "/" + bucket + "?max-keys=1"))
                .timeout(Duration.ofSeconds(5)).GET().build();
        long deadline = System.nanoTime() + STARTUP.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("s3rver exited with " + process.exitValue() + ": " + Files.readString(log));
            }
            try {
                // unsigned, so 403 (or 200) both mean the server and its bucket are up
                int status = http.send(probe, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status == 200 || status == 403) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted while waiting for s3rver", e);
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                close();
                throw new IOException("interrupted while waiting for s3rver", e);
            }
        }
        close();
        throw new IOException("s3rver did not answer on port " + port + " within " + STARTUP);
    }

    /** The server's base URL, e.g. {@code http://127.0.0.1:4568}. */
    public String endpoint() {
        return "http://127.0.0.1:" + port;
    }

    public String bucket() {
        return bucket;
    }

    /**
     * The bytes s3rver keeps on disk for an object: what it stored, independent of what it answers, so a test can
     * see framing that a server-side decode would have removed.
     */
    public byte[] storedBytes(String key) throws IOException {
        Path object = data.resolve(bucket).resolve(key + "._S3rver_object");
        return Files.readAllBytes(object);
    }

    @Override
    public void close() {
        Ports.stopTree(process);
        try (Stream<Path> files = Files.walk(data)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // leftovers in the temp folder are harmless
        }
    }
}
