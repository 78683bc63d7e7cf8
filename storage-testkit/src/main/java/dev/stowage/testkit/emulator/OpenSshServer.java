package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.List;

/**
 * OpenSSH's sshd from Debian as a second instance: {@code sshd -D -e -p PORT -f CONFIG -h RSA -h ED25519} with its
 * own PidFile, an RSA and an ed25519 host key made for the run, password and public-key login for the local test
 * user ({@link LocalFileServer#USER}), the internal SFTP server, and the stock {@code MaxStartups 10:30:100}.
 * {@link #uri(String)} logs in with the password and pins the ed25519 host key.
 */
public final class OpenSshServer extends LocalFileServer {
    private static final Path BINARY = Path.of("/usr/sbin/sshd");

    private final Path clientKey;

    private OpenSshServer() throws IOException {
        super("sshd");
        Path rsa = work().resolve("host_rsa");
        Path ed25519 = work().resolve("host_ed25519");
        clientKey = work().resolve("client_ed25519");
        run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", rsa.toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", ed25519.toString()));
        run(List.of("ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-C", "stowage-test", "-f", clientKey.toString()));
        Path authorized = writeWork("authorized_keys", Files.readString(Path.of(clientKey + ".pub")));
        // sshd reads authorized_keys as the user: the file and its folder must be readable to it (keys stay 0600)
        Files.setPosixFilePermissions(authorized, PosixFilePermissions.fromString("rw-r--r--"));
        Files.setPosixFilePermissions(work(), PosixFilePermissions.fromString("rwxr-xr-x"));
        Path config = writeWork("sshd_config", "ListenAddress 127.0.0.1\n"
                + "PidFile " + work().resolve("sshd.pid") + "\n"
                + "UsePAM no\nPasswordAuthentication yes\nKbdInteractiveAuthentication no\nPubkeyAuthentication yes\n"
                + "AuthorizedKeysFile " + authorized + "\n"
                // the key files live in root's temporary folder, not in the user's home
                + "StrictModes no\nPermitRootLogin no\nSubsystem sftp internal-sftp\n"
                + "MaxStartups 10:30:100\n");
        Files.createDirectories(Path.of("/run/sshd")); // sshd's privilege separation folder
        launch(List.of(BINARY.toString(), "-D", "-e", "-p", String.valueOf(port()), "-f", config.toString(),
                "-h", rsa.toString(), "-h", ed25519.toString()), "SSH-2.0-");
    }

    /** Starts sshd, or skips (fails in CI) when OpenSSH's server is not installed. */
    public static OpenSshServer start() {
        requireInstalled("OpenSSH sshd", BINARY);
        try {
            return new OpenSshServer();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start sshd", e);
        }
    }

    /** The private key (OpenSSH format, no passphrase) whose public half the test user may log in with. */
    public Path clientKey() {
        return clientKey;
    }

    /** The SHA-256 fingerprint of a host key ({@code "rsa"} or {@code "ed25519"}) as ssh-keygen -l prints it. */
    public String hostKeyFingerprint(String type) {
        try {
            byte[] blob = Base64.getDecoder().decode(hostKeyLine(type).split(" ")[1]);
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(blob);
            return "SHA256:" + Base64.getEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The public host key of that type as a known_hosts line for this server's host and port. */
    public String knownHostsLine(String type) {
        String[] f = hostKeyLine(type).split(" ");
        return "[127.0.0.1]:" + port() + " " + f[0] + " " + f[1] + "\n";
    }

    private String hostKeyLine(String type) {
        try {
            return Files.readString(work().resolve("host_" + type + ".pub")).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A URI with the password, pinning the ed25519 host key. */
    @Override
    public String uri(String folder) {
        return "sftp://" + authority(folder) + "?hostKey=" + hostKeyFingerprint("ed25519");
    }

    /** A URI that logs in with {@link #clientKey()} instead of the password, pinning the ed25519 host key. */
    public String keyUri(String folder) {
        return "sftp://" + USER + "@127.0.0.1:" + port() + root() + "/" + folder + "?privateKey=" + clientKey
                + "&hostKey=" + hostKeyFingerprint("ed25519");
    }
}
