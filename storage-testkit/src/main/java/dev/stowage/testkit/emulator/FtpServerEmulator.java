package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.ftpserver.ConnectionConfigFactory;
import org.apache.ftpserver.DataConnectionConfigurationFactory;
import org.apache.ftpserver.FtpServer;
import org.apache.ftpserver.FtpServerFactory;
import org.apache.ftpserver.ftplet.Authority;
import org.apache.ftpserver.ftplet.FtpException;
import org.apache.ftpserver.ftplet.UserManager;
import org.apache.ftpserver.listener.ListenerFactory;
import org.apache.ftpserver.ssl.SslConfiguration;
import org.apache.ftpserver.ssl.SslConfigurationFactory;
import org.apache.ftpserver.usermanager.ClearTextPasswordEncryptor;
import org.apache.ftpserver.usermanager.PropertiesUserManagerFactory;
import org.apache.ftpserver.usermanager.impl.BaseUser;
import org.apache.ftpserver.usermanager.impl.ConcurrentLoginPermission;
import org.apache.ftpserver.usermanager.impl.WritePermission;

/**
 * An embedded Apache FtpServer on a free loopback port, serving a temporary folder to one user, in plain FTP or
 * with explicit TLS (a self-signed certificate made at start with the JDK's keytool). It can be stopped and
 * started again on the same port and folder, to test how clients recover.
 *
 * <pre>{@code
 * try (FtpServerEmulator ftp = FtpServerEmulator.start()) {
 *     BlobStore store = BlobStores.open(ftp.uri("folder"));
 * }
 * }</pre>
 */
public final class FtpServerEmulator implements AutoCloseable {
    public static final String USER = "stowage";
    public static final String PASSWORD = "ftp-pass-123";
    private static final String KEYSTORE_PASSWORD = "changeit";

    private final Path dir;
    private final Path root;
    private final boolean tls;
    private final int port;
    private final Path keystore;
    private final String certificateFingerprint;
    private FtpServer server;

    private FtpServerEmulator(boolean tls) throws IOException {
        this.tls = tls;
        this.dir = Files.createTempDirectory("stowage-ftp-");
        this.root = Files.createDirectories(dir.resolve("root"));
        this.port = Ports.freeLoopbackPort();
        if (tls) {
            keystore = dir.resolve("server.p12");
            makeSelfSignedKeystore(keystore);
            certificateFingerprint = fingerprint(keystore);
        } else {
            keystore = null;
            certificateFingerprint = null;
        }
    }

    /** Starts a plain FTP server. */
    public static FtpServerEmulator start() {
        return start(false);
    }

    /** Starts a server that requires explicit TLS (AUTH TLS) with a fresh self-signed certificate. */
    public static FtpServerEmulator startTls() {
        return start(true);
    }

    private static FtpServerEmulator start(boolean tls) {
        try {
            FtpServerEmulator e = new FtpServerEmulator(tls);
            e.startServer();
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private void startServer() {
        FtpServerFactory factory = new FtpServerFactory();
        ListenerFactory listener = new ListenerFactory();
        listener.setServerAddress("127.0.0.1");
        listener.setPort(port);
        listener.setIdleTimeout(300);
        DataConnectionConfigurationFactory data = new DataConnectionConfigurationFactory();
        data.setPassiveAddress("127.0.0.1");
        data.setPassiveExternalAddress("127.0.0.1");
        if (tls) {
            SslConfigurationFactory ssl = new SslConfigurationFactory();
            ssl.setKeystoreFile(keystore.toFile());
            ssl.setKeystoreType("PKCS12");
            ssl.setKeystorePassword(KEYSTORE_PASSWORD);
            ssl.setKeyPassword(KEYSTORE_PASSWORD);
            SslConfiguration sslConfig = ssl.createSslConfiguration();
            listener.setSslConfiguration(sslConfig);
            listener.setImplicitSsl(false);
            data.setSslConfiguration(sslConfig);
        }
        listener.setDataConnectionConfiguration(data.createDataConnectionConfiguration());
        factory.addListener("default", listener.createListener());
        ConnectionConfigFactory connections = new ConnectionConfigFactory();
        connections.setMaxLogins(200);
        connections.setMaxThreads(0);
        connections.setLoginFailureDelay(0);
        connections.setMaxLoginFailures(100);
        connections.setAnonymousLoginEnabled(false);
        factory.setConnectionConfig(connections.createConnectionConfig());
        factory.setUserManager(userManager());
        server = factory.createServer();
        try {
            server.start();
        } catch (FtpException e) {
            throw new IllegalStateException("FtpServer did not start on 127.0.0.1:" + port, e);
        }
    }

    private UserManager userManager() {
        PropertiesUserManagerFactory factory = new PropertiesUserManagerFactory();
        factory.setPasswordEncryptor(new ClearTextPasswordEncryptor());
        Path file = dir.resolve("users.properties");
        try {
            if (!Files.exists(file)) {
                Files.createFile(file);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        factory.setFile(file.toFile());
        UserManager users = factory.createUserManager();
        BaseUser user = new BaseUser();
        user.setName(USER);
        user.setPassword(PASSWORD);
        user.setHomeDirectory(root.toString());
        user.setEnabled(true);
        List<Authority> authorities = List.of(new WritePermission(), new ConcurrentLoginPermission(200, 200));
        user.setAuthorities(authorities);
        try {
            users.save(user);
        } catch (FtpException e) {
            throw new IllegalStateException(e);
        }
        return users;
    }

    public int port() {
        return port;
    }

    /** The folder served as the user's home ("/" on the server). */
    public Path root() {
        return root;
    }

    public boolean isTls() {
        return tls;
    }

    /** The server certificate's SHA-256 fingerprint (hex), or {@code null} for plain FTP. */
    public String certificateFingerprint() {
        return certificateFingerprint;
    }

    /**
     * A store URI for a folder on this server, with the user's credentials; for TLS the certificate is pinned.
     *
     * @param folder a folder below the root, e.g. "t-1" (created by the store when missing)
     */
    public String uri(String folder) {
        String base = (tls ? "ftps" : "ftp") + "://" + USER + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8)
                + "@127.0.0.1:" + port + "/" + folder;
        return tls ? base + "?tlsFingerprint=" + certificateFingerprint : base;
    }

    /** Stops the server, dropping every connection; {@link #restart()} brings it back on the same port. */
    public synchronized void stop() {
        if (server != null) {
            server.stop();
            server = null;
        }
    }

    /** Starts a stopped server again on the same port and folder. */
    public synchronized void restart() {
        stop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                startServer();
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.onSpinWait();
            }
        }
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException ignored) {
            // temporary folder; the OS cleans up eventually
        }
    }


    private static void makeSelfSignedKeystore(Path file) throws IOException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        Process p = new ProcessBuilder(keytool.toString(), "-genkeypair", "-alias", "ftp", "-keyalg", "EC",
                "-groupname", "secp256r1", "-dname", "CN=localhost", "-validity", "2", "-ext",
                "SAN=ip:127.0.0.1,dns:localhost", "-storetype", "PKCS12", "-keystore", file.toString(),
                "-storepass", KEYSTORE_PASSWORD, "-keypass", KEYSTORE_PASSWORD).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                throw new IOException("keytool failed: " + out);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(e);
        }
    }

    private static String fingerprint(Path keystoreFile) throws IOException {
        try (InputStream in = Files.newInputStream(keystoreFile)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            ks.load(in, KEYSTORE_PASSWORD.toCharArray());
            Certificate cert = ks.getCertificate("ftp");
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (java.security.GeneralSecurityException e) {
            throw new IOException(e);
        }
    }
}
