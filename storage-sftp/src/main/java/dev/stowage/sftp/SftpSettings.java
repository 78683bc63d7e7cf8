package dev.stowage.sftp;

import dev.stowage.StoreConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;

/**
 * The settings of an SFTP store, read once from its configuration. {@link #toString()} leaves secrets out.
 *
 * @param host                  the server
 * @param port                  the SSH port
 * @param user                  the login name
 * @param password              the password, or {@code null}
 * @param privateKey            the private key's content (OpenSSH or PEM), or {@code null}
 * @param privateKeySource      where the key came from, for messages (a path, or "inline")
 * @param passphrase            the private key's passphrase, or {@code null}
 * @param knownHosts            the known_hosts file to check host keys against
 * @param hostKey               a pinned host key fingerprint ({@code SHA256:...}), or {@code null}
 * @param strictHostKeyChecking whether unknown host keys are refused (turned off only explicitly)
 * @param root                  the root folder: absolute, or relative to the login folder
 * @param connectTimeout        how long to wait for a connection
 * @param readTimeout           how long to wait for the server
 * @param maxConnections        how many SSH connections the store opens at most
 * @param create                create the root folder when it is missing
 */
record SftpSettings(String host, int port, String user, String password, byte[] privateKey, String privateKeySource,
                    String passphrase, Path knownHosts, String hostKey, boolean strictHostKeyChecking, String root,
                    Duration connectTimeout, Duration readTimeout, int maxConnections, boolean create) {

    static SftpSettings from(StoreConfig config) {
        if (config.host().isEmpty()) {
            throw config.misconfigured("an sftp: URI needs a server, e.g. sftp://user@sftp.example.com/folder");
        }
        String user = config.option("user").orElse(config.user());
        if (user == null || user.isBlank()) {
            throw config.misconfigured("an sftp: store needs a user: sftp://user@host/folder or the user option");
        }
        byte[] key = null;
        String keySource = null;
        String keyOption = config.option("privateKey").orElse(null);
        if (keyOption != null) {
            if (keyOption.contains("-----BEGIN")) {
                key = keyOption.getBytes(java.nio.charset.StandardCharsets.UTF_8); // content, e.g. from ${file:...}
                keySource = "the privateKey option";
            } else {
                Path p = Path.of(keyOption);
                try {
                    key = Files.readAllBytes(p);
                } catch (java.io.IOException e) {
                    throw config.misconfigured("private key file '" + p + "' (option privateKey) cannot be read: "
                            + e.getMessage());
                }
                keySource = "key file " + p;
            }
        }
        String password = config.option("password").orElse(null);
        if (password == null && key == null) {
            throw config.misconfigured("an sftp: store needs a password (sftp://user:password@host/...) or a private "
                    + "key (privateKey=/path/to/id_ed25519)");
        }
        Path knownHosts = config.option("knownHosts").map(Path::of)
                .orElse(Path.of(System.getProperty("user.home"), ".ssh", "known_hosts"));
        String pin = config.option("hostKey").map(String::strip).orElse(null);
        if (pin != null && !pin.toUpperCase(Locale.ROOT).startsWith("SHA256:")) {
            throw config.misconfigured("option 'hostKey' must be a SHA-256 fingerprint as ssh-keygen -lf prints it, "
                    + "e.g. hostKey=SHA256:AbC...");
        }
        int port = config.port() > 0 ? config.port() : 22;
        return new SftpSettings(config.host(), port, user, password, key, keySource,
                config.option("passphrase").orElse(null), knownHosts, pin,
                config.booleanOption("strictHostKeyChecking", true), rootOf(config.path()),
                config.positiveDurationOption("connectTimeout", Duration.ofSeconds(10)),
                config.positiveDurationOption("readTimeout", Duration.ofSeconds(60)),
                config.intOption("maxConnections", 8, 1, 256), config.booleanOption("create", true));
    }

    /** "/srv/x" stays absolute; "/~/x" is "x" relative to the login folder; "" and "/~" are the login folder. */
    private static String rootOf(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.isEmpty() || p.equals("/~")) {
            return "";
        }
        if (p.startsWith("/~/")) {
            return p.substring(3);
        }
        return p;
    }

    /** How the user logs in, for messages: never the secret itself. */
    String credentialSource() {
        if (privateKey != null && password != null) {
            return "the private key (" + privateKeySource + ") and the password";
        }
        return privateKey != null ? "the private key (" + privateKeySource + ")" : "the password";
    }

    String endpoint() {
        return "sftp://" + user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "SftpSettings[" + endpoint() + ", root '" + root + "', strictHostKeyChecking " + strictHostKeyChecking
                + "]";
    }
}
