package dev.stowage.testkit.emulator;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.jclouds.ContextBuilder;
import org.jclouds.blobstore.BlobStoreContext;

/**
 * An S3 server for tests and benchmarks: S3Proxy (a Jetty-based implementation of the S3 REST API) on a free
 * loopback port, checking AWS signatures (V2 or V4) against fixed test credentials.
 *
 * <ul>
 *   <li>{@link #start()} runs it in this JVM over an in-memory store, for tests.</li>
 *   <li>{@link #startOnDisk(Path)} runs it in this JVM over a folder, for objects larger than the heap.</li>
 *   <li>{@link #startProcess(Path)} runs it in a separate JVM over a folder, so that a benchmark's heap limit
 *       measures only the client side.</li>
 * </ul>
 *
 * <pre>{@code
 * try (S3ProxyEmulator s3 = S3ProxyEmulator.start()) {
 *     s3.createBucket("photos");
 *     BlobStore store = BlobStores.open(s3.storeUri("photos"));
 * }
 * }</pre>
 */
public final class S3ProxyEmulator implements AutoCloseable {
    /** The access key id the emulator accepts. */
    public static final String ACCESS_KEY = "stowage-test-access";
    /** The secret key the emulator accepts (a test value, not a secret). */
    public static final String SECRET_KEY = "stowage-test-secret";
    /** The region clients should sign for; S3Proxy accepts any. */
    public static final String REGION = "us-east-1";

    private static final String READY = "S3PROXY_PORT=";

    private final S3Proxy proxy;
    private final BlobStoreContext context;
    private final Process process;
    private final URI endpoint;

    private S3ProxyEmulator(S3Proxy proxy, BlobStoreContext context, Process process, URI endpoint) {
        this.proxy = proxy;
        this.context = context;
        this.process = process;
        this.endpoint = endpoint;
    }

    /** Starts an in-memory S3 server in this JVM. */
    public static S3ProxyEmulator start() throws Exception {
        return startInProcess("transient", null);
    }

    /** Starts an S3 server in this JVM that keeps objects as files under {@code dir}. */
    public static S3ProxyEmulator startOnDisk(Path dir) throws Exception {
        return startInProcess("filesystem", dir);
    }

    private static S3ProxyEmulator startInProcess(String backend, Path dir) throws Exception {
        Properties props = new Properties();
        if (dir != null) {
            Files.createDirectories(dir);
            props.setProperty("jclouds.filesystem.basedir", dir.toAbsolutePath().toString());
        }
        BlobStoreContext context = ContextBuilder.newBuilder(backend).credentials("local", "local").overrides(props)
                .build(BlobStoreContext.class);
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(context.getBlobStore())
                .endpoint(URI.create("http://127.0.0.1:0"))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, ACCESS_KEY, SECRET_KEY)
                // Objects up to 5 GiB in one PutObject, as on AWS (S3Proxy's default is lower).
                .maxSinglePartObjectSize(5L * 1024 * 1024 * 1024)
                .build();
        try {
            proxy.start();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!"STARTED".equals(proxy.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("S3Proxy did not start within 30 s (state " + proxy.getState() + ")");
                }
                Thread.onSpinWait();
            }
        } catch (Exception e) {
            context.close();
            throw e;
        }
        return new S3ProxyEmulator(proxy, context, null, URI.create("http://127.0.0.1:" + proxy.getPort()));
    }

    /**
     * Starts an S3 server in a child JVM (same class path, {@code -Xmx1g}) that keeps objects as files under
     * {@code dir}; {@link #close()} stops the process.
     */
    public static S3ProxyEmulator startProcess(Path dir) throws IOException {
        Files.createDirectories(dir);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-Xmx1g",
                "-Dlogback.configurationFile=dev/stowage/testkit/emulator/s3proxy-logback.xml", "-cp", System.getProperty("java.class.path"),
                S3ProxyEmulator.class.getName(), dir.toAbsolutePath().toString()));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
        String line;
        StringBuilder seen = new StringBuilder();
        while ((line = out.readLine()) != null) {
            if (line.startsWith(READY)) {
                int port = Integer.parseInt(line.substring(READY.length()).strip());
                Thread drain = new Thread(() -> out.lines().forEach(l -> { }), "s3proxy-output");
                drain.setDaemon(true);
                drain.start();
                return new S3ProxyEmulator(null, null, p, URI.create("http://127.0.0.1:" + port));
            }
            seen.append(line).append('\n');
        }
        p.destroyForcibly();
        throw new IOException("the S3Proxy process ended before it was ready:\n" + seen);
    }

    /** Entry point of {@link #startProcess(Path)}: serves the folder given as the only argument until killed. */
    public static void main(String[] args) throws Exception {
        S3ProxyEmulator emulator = startOnDisk(Path.of(args[0]));
        System.out.println(READY + emulator.endpoint().getPort());
        System.out.flush();
        Thread.currentThread().join();
    }

    /** The server's address, {@code http://127.0.0.1:PORT}. */
    public URI endpoint() {
        return endpoint;
    }

    /** Creates a bucket (an in-process server only; use the S3 API against a process). */
    public void createBucket(String bucket) {
        if (context == null) {
            throw new IllegalStateException("createBucket needs an in-process emulator; create it through S3");
        }
        context.getBlobStore().createContainerInLocation(null, bucket);
    }

    /** A store URI for a bucket on this server, signed with the test credentials, path-style. */
    public String storeUri(String bucket) {
        return storeUri(bucket, "");
    }

    /** A store URI for a folder inside a bucket on this server. */
    public String storeUri(String bucket, String folder) {
        return "s3://" + bucket + (folder.isEmpty() ? "" : "/" + folder) + "?endpoint=" + endpoint
                + "&region=" + REGION + "&pathStyle=true&accessKey=" + ACCESS_KEY + "&secretKey=" + SECRET_KEY;
    }

    @Override
    public void close() throws Exception {
        if (proxy != null) {
            proxy.stop();
        }
        if (context != null) {
            context.close();
        }
        if (process != null) {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        }
    }

    @Override
    public String toString() {
        return "S3ProxyEmulator[" + endpoint + (process != null ? ", separate process" : "") + "]";
    }
}
