package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyEncryptionContext;
import org.apache.sshd.common.config.keys.writer.openssh.OpenSSHKeyPairResourceWriter;
import org.apache.sshd.common.digest.BuiltinDigests;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;

/**
 * An embedded Apache MINA SSHD SFTP server on a free loopback port, serving a temporary folder as "/" to one user
 * who may log in with a password or with a generated key pair (written as OpenSSH private key files, one
 * without and one with a passphrase). It writes a {@code known_hosts} file for its host key, and can be stopped
 * and started again on the same port, folder and host key, to test how clients recover.
 *
 * <pre>{@code
 * try (SftpServerEmulator sftp = SftpServerEmulator.start()) {
 *     BlobStore store = BlobStores.open(sftp.uri("folder"));
 * }
 * }</pre>
 */
public final class SftpServerEmulator implements AutoCloseable {
    public static final String USER = "stowage";
    public static final String PASSWORD = "sftp-pass-123";
    public static final String KEY_PASSPHRASE = "key-phrase-456";

    private final Path dir;
    private final Path root;
    private final int port;
    private final SimpleGeneratorHostKeyProvider hostKeys;
    private final PublicKey clientKey;
    private final Path privateKey;
    private final Path encryptedPrivateKey;
    private final Path knownHosts;
    private final String hostKeyFingerprint;
    private SshServer server;

    private SftpServerEmulator() throws IOException, GeneralSecurityException {
        dir = Files.createTempDirectory("stowage-sftp-");
        root = Files.createDirectories(dir.resolve("root"));
        port = Ports.freeLoopbackPort();
        hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host-key.ser"));
        hostKeys.setAlgorithm(KeyUtils.EC_ALGORITHM);
        hostKeys.setKeySize(256);
        PublicKey hostKey = hostKeys.loadKeys(null).iterator().next().getPublic();
        hostKeyFingerprint = KeyUtils.getFingerPrint(BuiltinDigests.sha256, hostKey);
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + port + " " + PublicKeyEntry.toString(hostKey) + "\n");
        KeyPairGenerator gen = KeyPairGenerator.getInstance("EC");
        gen.initialize(new ECGenParameterSpec("secp256r1"));
        KeyPair client = gen.generateKeyPair();
        clientKey = client.getPublic();
        privateKey = dir.resolve("id_ecdsa");
        encryptedPrivateKey = dir.resolve("id_ecdsa_encrypted");
        writeKey(client, privateKey, null);
        writeKey(client, encryptedPrivateKey, KEY_PASSPHRASE);
    }

    private static void writeKey(KeyPair pair, Path file, String passphrase) throws IOException,
            GeneralSecurityException {
        OpenSSHKeyEncryptionContext encryption = null;
        if (passphrase != null) {
            encryption = new OpenSSHKeyEncryptionContext();
            encryption.setPassword(passphrase);
            encryption.setCipherName("AES");
            encryption.setCipherType("256");
            encryption.setCipherMode("CTR");
        }
        try (OutputStream out = Files.newOutputStream(file)) {
            OpenSSHKeyPairResourceWriter.INSTANCE.writePrivateKey(pair, "stowage-test", encryption, out);
        }
    }

    /** Starts a server on a free loopback port. */
    public static SftpServerEmulator start() {
        try {
            SftpServerEmulator e = new SftpServerEmulator();
            e.startServer();
            return e;
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        } catch (GeneralSecurityException ex) {
            throw new IllegalStateException(ex);
        }
    }

    private void startServer() throws IOException {
        SshServer s = SshServer.setUpDefaultServer();
        s.setHost("127.0.0.1");
        s.setPort(port);
        s.setKeyPairProvider(hostKeys);
        s.setPasswordAuthenticator((user, password, session) -> USER.equals(user) && PASSWORD.equals(password));
        s.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(key, clientKey));
        s.setKeyboardInteractiveAuthenticator(null);
        s.setSubsystemFactories(List.of(new SftpSubsystemFactory()));
        s.setFileSystemFactory(new VirtualFileSystemFactory(root));
        s.start();
        server = s;
    }

    public int port() {
        return port;
    }

    /** The folder served as "/". */
    public Path root() {
        return root;
    }

    /** The server's host key fingerprint as OpenSSH prints it ({@code SHA256:...}). */
    public String hostKeyFingerprint() {
        return hostKeyFingerprint;
    }

    /** A known_hosts file holding this server's host key. */
    public Path knownHosts() {
        return knownHosts;
    }

    /** An unencrypted OpenSSH private key file the server accepts for {@link #USER}. */
    public Path privateKey() {
        return privateKey;
    }

    /** The same key encrypted with {@link #KEY_PASSPHRASE}. */
    public Path encryptedPrivateKey() {
        return encryptedPrivateKey;
    }

    /** A store URI for a folder on this server: password login, host key checked against {@link #knownHosts()}. */
    public String uri(String folder) {
        return "sftp://" + USER + ":" + URLEncoder.encode(PASSWORD, StandardCharsets.UTF_8) + "@127.0.0.1:" + port
                + "/" + folder + "?knownHosts=" + URLEncoder.encode(knownHosts.toString(), StandardCharsets.UTF_8);
    }

    /** Stops the server, dropping every connection; {@link #restart()} brings it back on the same port. */
    public synchronized void stop() {
        if (server != null) {
            try {
                server.stop(true);
            } catch (IOException ignored) {
                // stopping anyway
            }
            server = null;
        }
    }

    /** Starts a stopped server again on the same port, folder and host key. */
    public synchronized void restart() {
        stop();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (true) {
            try {
                startServer();
                return;
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new UncheckedIOException(e);
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
}
