package dev.stowage.testkit.interop;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * A client nobody on this project wrote, run as a node process: the Azure Storage SDK for JavaScript
 * ({@link #azureBlob()}) or the AWS SDK for JavaScript v3 ({@link #s3()}). Interop tests use it to read what Stowage
 * wrote and to write what Stowage must read, so that a driver is checked against another reading of the protocol
 * than its own.
 *
 * <p>The scripts and their pinned packages live in {@code storage-testkit/interop}
 * ({@code storage-testkit/scripts/install-interop-clients.sh} installs them), found through the system property
 * {@code stowage.interop.home}, the environment variable {@code STOWAGE_INTEROP_HOME}, or by looking for
 * {@code storage-testkit/interop} from the working folder up. Without node or the packages a test is skipped with a
 * message saying how to install them; under {@code CI=true} it fails instead.
 *
 * <p>Each {@link #run} is one process: the request (including credentials) goes in on stdin, never on the command
 * line, and the answer comes back as JSON on stdout.
 */
public final class InteropClient {
    private static final long TIMEOUT_SECONDS = 120;

    private final Path home;
    private final String script;

    private InteropClient(Path home, String script) {
        this.home = home;
        this.script = script;
    }

    /** {@code @azure/storage-blob}; connection: {@code connectionString}, {@code container}. */
    public static InteropClient azureBlob() {
        return find("azure-blob.mjs", "@azure/storage-blob");
    }

    /** {@code @aws-sdk/client-s3}; connection: {@code endpoint}, {@code region}, {@code accessKey}, {@code secretKey}, {@code bucket}. */
    public static InteropClient s3() {
        return find("s3.mjs", "@aws-sdk/client-s3");
    }

    private static InteropClient find(String script, String module) {
        Optional<Path> node = onPath("node");
        Optional<Path> home = homes().stream()
                .filter(h -> Files.isRegularFile(h.resolve(script))
                        && Files.isRegularFile(h.resolve("node_modules").resolve(module).resolve("package.json")))
                .findFirst();
        if (node.isEmpty() || home.isEmpty()) {
            String missing = (node.isEmpty() ? "node is not on the PATH (apt-get install nodejs)"
                    : "the npm package " + module + " is not installed")
                    + "; run storage-testkit/scripts/install-interop-clients.sh or set STOWAGE_INTEROP_HOME";
            if ("true".equalsIgnoreCase(System.getenv("CI"))) {
                throw new IllegalStateException("interop client missing: " + missing + " (CI=true, so this is a failure)");
            }
            Assumptions.abort("skipped: " + missing);
        }
        return new InteropClient(home.get(), script);
    }

    private static List<Path> homes() {
        List<Path> homes = new ArrayList<>();
        String property = System.getProperty("stowage.interop.home");
        if (property != null && !property.isBlank()) {
            homes.add(Path.of(property));
        }
        String env = System.getenv("STOWAGE_INTEROP_HOME");
        if (env != null && !env.isBlank()) {
            homes.add(Path.of(env));
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            homes.add(dir.resolve("storage-testkit/interop"));
        }
        return homes;
    }

    private static Optional<Path> onPath(String command) {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(java.io.File.pathSeparator)) {
            Path candidate = Path.of(dir, command);
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    /** A write of {@code body} with the given headers and metadata (each may be null). */
    public static Map<String, Object> put(String key, byte[] body, String contentType, String cacheControl,
                                          Map<String, String> metadata) {
        Map<String, Object> op = new LinkedHashMap<>();
        op.put("op", "put");
        op.put("key", key);
        op.put("body", Base64.getEncoder().encodeToString(body));
        op.put("contentType", contentType);
        op.put("cacheControl", cacheControl);
        op.put("metadata", metadata == null ? Map.of() : metadata);
        return op;
    }

    /** A read of the whole object with its headers and metadata. */
    public static Map<String, Object> get(String key) {
        return Map.of("op", "get", "key", key);
    }

    /** A listing of every key under {@code prefix}, with metadata where the SDK's listing carries it. */
    public static Map<String, Object> list(String prefix) {
        return Map.of("op", "list", "prefix", prefix);
    }

    /** Runs the operations in order in one process, and returns one result per operation. */
    public List<Result> run(Map<String, ?> connection, List<Map<String, Object>> ops) {
        String request = Json.write(Map.of("connection", connection, "ops", ops));
        try {
            Process process = new ProcessBuilder("node", home.resolve(script).toString()).directory(home.toFile())
                    .start();
            CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
            CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
            try (OutputStream in = process.getOutputStream()) {
                in.write(request.getBytes(StandardCharsets.UTF_8));
            }
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                throw new IllegalStateException(script + " did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String out = new String(stdout.join(), StandardCharsets.UTF_8);
            if (process.exitValue() != 0) {
                throw new IllegalStateException(script + " exited with " + process.exitValue() + ": "
                        + new String(stderr.join(), StandardCharsets.UTF_8));
            }
            @SuppressWarnings("unchecked")
            List<Object> results = (List<Object>) ((Map<String, Object>) Json.parse(out)).get("results");
            return results.stream().map(r -> {
                @SuppressWarnings("unchecked")
                Map<String, Object> m = (Map<String, Object>) r;
                return new Result(m);
            }).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + script, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while running " + script, e);
        }
    }

    /** Runs one operation and returns its result. */
    public Result run(Map<String, ?> connection, Map<String, Object> op) {
        return run(connection, List.of(op)).get(0);
    }

    private static byte[] readAll(java.io.InputStream in) {
        try (in) {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The outcome of one operation, as the independent client reported it. */
    public record Result(Map<String, Object> raw) {
        /** The client's error message, or null when the operation succeeded. */
        public String error() {
            return (String) raw.get("error");
        }

        /** The operation's result, failing with the client's own error message when it failed. */
        public Result orThrow() {
            if (error() != null) {
                Object status = raw.get("status");
                throw new AssertionError("the independent client failed: " + error() + " (status "
                        + (status instanceof Double d ? String.valueOf(d.longValue()) : status) + ", code "
                        + raw.get("code") + ")");
            }
            return this;
        }

        /** A read's body. */
        public byte[] body() {
            return Base64.getDecoder().decode((String) orThrow().raw.get("body"));
        }

        public String contentType() {
            return (String) orThrow().raw.get("contentType");
        }

        public String cacheControl() {
            return (String) orThrow().raw.get("cacheControl");
        }

        /** A read's ETag, as the client reports it. */
        public String etag() {
            return (String) orThrow().raw.get("etag");
        }

        /** A read's metadata, names as the client reports them. */
        public Map<String, String> metadata() {
            return strings(orThrow().raw.get("metadata"));
        }

        /** A listing's keys, in the order listed. */
        public List<String> keys() {
            return items().stream().map(i -> (String) i.get("key")).toList();
        }

        /** The metadata a listing reported for {@code key} (names as listed). */
        public Map<String, String> listedMetadata(String key) {
            return items().stream().filter(i -> key.equals(i.get("key"))).findFirst()
                    .map(i -> strings(i.get("metadata")))
                    .orElseThrow(() -> new AssertionError(key + " is not in the listing " + keys()));
        }

        @SuppressWarnings("unchecked")
        private List<Map<String, Object>> items() {
            return (List<Map<String, Object>>) orThrow().raw.get("items");
        }

        @SuppressWarnings("unchecked")
        private static Map<String, String> strings(Object o) {
            Map<String, String> out = new TreeMap<>();
            if (o != null) {
                ((Map<String, Object>) o).forEach((k, v) -> out.put(k, (String) v));
            }
            return out;
        }
    }
}
