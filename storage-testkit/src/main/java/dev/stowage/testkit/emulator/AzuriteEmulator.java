package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Assumptions;

/**
 * Azurite, the Azure Storage emulator (npm package {@code azurite}), run as a local process serving the Blob API
 * on a free loopback port with the well-known development account {@code devstoreaccount1}.
 *
 * <p>Azurite is found in the folder named by the system property {@code azurite.home} or the environment variable
 * {@code AZURITE_HOME} (a folder holding {@code node_modules/.bin/azurite-blob}), else in
 * {@code storage-testkit/emulators/azurite} of the project, where {@code storage-testkit/scripts/install-azurite.sh}
 * installs it.
 *
 * <p>{@link #startHttpsOAuth()} runs it over HTTPS with OAuth enabled, for clients that authenticate with bearer
 * tokens (the Azure SDK sends those only over HTTPS). The certificate is a self-signed one for {@code 127.0.0.1}
 * made for the run; {@link #trustStore()} holds it for clients.
 */
public final class AzuriteEmulator implements AutoCloseable {
    /** The development account Azurite always has. */
    public static final String ACCOUNT = "devstoreaccount1";
    /** The development account's published key (not a secret). */
    public static final String ACCOUNT_KEY =
            "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";
    /** Set this system property to {@code true} to skip Azurite-backed tests in CI when Azurite is absent. */
    public static final String SKIP_PROPERTY = "stowage.skipAzurite";
    /** Password of {@link #trustStore()}; not a secret, the store holds only the emulator's public certificate. */
    public static final String TRUST_STORE_PASSWORD = "changeit";

    private static final Duration STARTUP = Duration.ofSeconds(60);

    private final Process process;
    private final int port;
    private final Path log;
    /** The folder holding the certificate and trust store in HTTPS mode, else null. */
    private final Path tls;

    private AzuriteEmulator(Process process, int port, Path log, Path tls) {
        this.process = process;
        this.port = port;
        this.log = log;
        this.tls = tls;
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
        return start(location, false);
    }

    /**
     * Starts Azurite in memory serving HTTPS with a self-signed certificate for {@code 127.0.0.1} made for this run,
     * with {@code --oauth basic}: besides shared keys and SAS it accepts bearer tokens whose issuer, audience and
     * lifetime claims are valid (it does not check their signature, so a test can mint them). Clients trust the
     * certificate through {@link #trustStore()} or {@link #sslContext()}.
     */
    public static AzuriteEmulator startHttpsOAuth() {
        return start(null, true);
    }

    private static AzuriteEmulator start(Path location, boolean httpsOAuth) {
        Path binary = find().orElseThrow(() -> new IllegalStateException(notInstalledMessage()));
        Path tls = null;
        try {
            int port = Ports.freeLoopbackPort();
            List<String> command = new ArrayList<>(List.of(binary.toString(), "--blobHost", "127.0.0.1",
                    "--blobPort", String.valueOf(port), "--loose", "--skipApiVersionCheck", "--silent",
                    // with telemetry on, Azurite keeps running for about 100 s after SIGTERM once it has served a
                    // request, trying to upload it
                    "--disableTelemetry"));
            if (location == null) {
                command.add("--inMemoryPersistence");
            } else {
                command.addAll(List.of("--location", location.toString()));
            }
            if (httpsOAuth) {
                tls = Files.createTempDirectory("azurite-tls-");
                byte[] random = new byte[12];
                new SecureRandom().nextBytes(random);
                String keyPassword = HexFormat.of().formatHex(random);
                Path keyStore = selfSignedKeyStore(tls, keyPassword);
                command.addAll(List.of("--cert", keyStore.toString(), "--pwd", keyPassword, "--oauth", "basic"));
            }
            Path log = Files.createTempFile("azurite-", ".log");
            Process process = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            AzuriteEmulator emulator = new AzuriteEmulator(process, port, log, tls);
            emulator.awaitListening();
            return emulator;
        } catch (IOException e) {
            deleteTls(tls);
            throw new UncheckedIOException("cannot start Azurite from " + binary, e);
        }
    }

    /**
     * Makes a PKCS#12 key store with a key pair and a self-signed certificate for 127.0.0.1 (keytool of the running
     * JDK), which Azurite serves, and a trust store holding only that certificate, for clients.
     */
    private static Path selfSignedKeyStore(Path dir, String password) throws IOException {
        Path keyStore = dir.resolve("azurite.p12");
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process process = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "azurite",
                "-keyalg", "EC", "-groupname", "secp256r1", "-validity", "2", "-dname", "CN=127.0.0.1",
                "-ext", "SAN=ip:127.0.0.1,dns:localhost", "-keystore", keyStore.toString(), "-storetype", "PKCS12",
                "-storepass", password, "-keypass", password).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS) || process.exitValue() != 0) {
                throw new IOException("keytool could not make a certificate for Azurite: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while making a certificate for Azurite", e);
        }
        try {
            KeyStore keys = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(keyStore)) {
                keys.load(in, password.toCharArray());
            }
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(null, null);
            trust.setCertificateEntry("azurite", keys.getCertificate("azurite"));
            try (var out = Files.newOutputStream(dir.resolve("truststore.p12"))) {
                trust.store(out, TRUST_STORE_PASSWORD.toCharArray());
            }
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot make a trust store for Azurite's certificate", e);
        }
        return keyStore;
    }

    /**
     * Starts Azurite in memory, or, when it is not installed, skips the calling test with a message saying how to
     * install it. In CI (environment variable {@code CI=true}) a missing Azurite fails instead, unless the system
     * property {@value #SKIP_PROPERTY} is {@code true}.
     */
    public static AzuriteEmulator startOrSkip() {
        skipUnlessInstalled();
        return start();
    }

    /** {@link #startHttpsOAuth()}, skipping or failing as {@link #startOrSkip()} does when Azurite is not installed. */
    public static AzuriteEmulator startHttpsOAuthOrSkip() {
        skipUnlessInstalled();
        return startHttpsOAuth();
    }

    private static void skipUnlessInstalled() {
        if (find().isEmpty()) {
            boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
            if (ci && !Boolean.getBoolean(SKIP_PROPERTY)) {
                throw new IllegalStateException(notInstalledMessage() + " (CI=true, so this is a failure; set -D"
                        + SKIP_PROPERTY + "=true to skip on purpose)");
            }
            Assumptions.abort("skipped: " + notInstalledMessage());
        }
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

    /**
     * The development account's Blob endpoint, e.g. {@code http://127.0.0.1:10000/devstoreaccount1}
     * ({@code https://} when started with {@link #startHttpsOAuth()}).
     */
    public String blobEndpoint() {
        return scheme() + "://127.0.0.1:" + port + "/" + ACCOUNT;
    }

    /** A connection string for the development account. */
    public String connectionString() {
        return "DefaultEndpointsProtocol=" + scheme() + ";AccountName=" + ACCOUNT + ";AccountKey=" + ACCOUNT_KEY
                + ";BlobEndpoint=" + blobEndpoint() + ";";
    }

    private String scheme() {
        return tls == null ? "http" : "https";
    }

    /**
     * A PKCS#12 trust store (password {@value #TRUST_STORE_PASSWORD}) holding the certificate Azurite serves, for
     * {@code javax.net.ssl.trustStore} of a client JVM; only when started with {@link #startHttpsOAuth()}.
     */
    public Path trustStore() {
        if (tls == null) {
            throw new IllegalStateException("Azurite was started without HTTPS; use startHttpsOAuth()");
        }
        return tls.resolve("truststore.p12");
    }

    /** A TLS context trusting only the certificate Azurite serves; only when started with {@link #startHttpsOAuth()}. */
    public SSLContext sslContext() {
        try (var in = Files.newInputStream(trustStore())) {
            KeyStore trust = KeyStore.getInstance("PKCS12");
            trust.load(in, TRUST_STORE_PASSWORD.toCharArray());
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(trust);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, factory.getTrustManagers(), null);
            return context;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load Azurite's trust store", e);
        }
    }

    @Override
    public void close() {
        Ports.stopTree(process); // azurite-blob is a node launcher script; its children must go too
        try {
            Files.deleteIfExists(log);
        } catch (IOException ignored) {
            // a leftover log file in the temp folder is harmless
        }
        deleteTls(tls);
    }

    private static void deleteTls(Path tls) {
        if (tls == null) {
            return;
        }
        try (Stream<Path> files = Files.list(tls)) {
            for (Path file : files.toList()) {
                Files.deleteIfExists(file);
            }
            Files.deleteIfExists(tls);
        } catch (IOException ignored) {
            // a leftover throwaway certificate in the temp folder is harmless
        }
    }
}
