package dev.stowage.ftp;

import dev.stowage.StoreConfig;
import java.time.Duration;

/**
 * The settings of an FTP store, read once from its configuration. {@link #toString()} leaves the password out.
 *
 * @param tls            explicit TLS ({@code ftps:}): AUTH TLS, then PROT P for data connections
 * @param host           the server
 * @param port           the control port
 * @param user           the login name
 * @param password       the password
 * @param root           the root folder: "" for the login folder, a path relative to it, or an absolute path
 * @param passive        passive (true) or active data connections
 * @param connectTimeout how long to wait for a connection
 * @param readTimeout    how long to wait for a reply or for data
 * @param maxConnections how many connections the store opens at most
 * @param create         create the root folder when it is missing
 * @param tlsTrust       how the server's certificate is checked
 */
record FtpSettings(boolean tls, String host, int port, String user, String password, String root, boolean passive,
                   Duration connectTimeout, Duration readTimeout, int maxConnections, boolean create,
                   TlsTrust tlsTrust) {

    static FtpSettings from(StoreConfig config) {
        boolean tls = config.scheme().equals("ftps");
        if (config.host().isEmpty()) {
            throw config.misconfigured("an " + config.scheme() + ": URI needs a server, e.g. " + config.scheme()
                    + "://user@ftp.example.com/folder");
        }
        String user = config.option("user").orElse(config.user() == null ? "anonymous" : config.user());
        String password = config.option("password", user.equals("anonymous") ? "stowage@" : "");
        int port = config.port() > 0 ? config.port() : 21;
        Duration connect = config.positiveDurationOption("connectTimeout", Duration.ofSeconds(10));
        Duration read = config.positiveDurationOption("readTimeout", Duration.ofSeconds(60));
        TlsTrust trust = tls ? TlsTrust.from(config) : null;
        if (!tls && (config.option("tlsFingerprint").isPresent() || config.option("trustStore").isPresent())) {
            throw config.misconfigured("TLS options are set but the scheme is ftp:; use ftps:// for explicit TLS");
        }
        return new FtpSettings(tls, config.host(), port, user, password, rootOf(config.path()),
                config.booleanOption("passive", true), connect, read,
                config.intOption("maxConnections", 8, 1, 256), config.booleanOption("create", true), trust);
    }

    /** "/srv/x" stays absolute; "/~/x" is "x" relative to the login folder; "" and "/" are the login folder. */
    private static String rootOf(String path) {
        String p = path;
        while (p.endsWith("/") && p.length() > 1) {
            p = p.substring(0, p.length() - 1);
        }
        if (p.equals("/") || p.isEmpty() || p.equals("/~")) {
            return "";
        }
        if (p.startsWith("/~/")) {
            return p.substring(3);
        }
        return p;
    }

    /** A description for messages: scheme, user, host and port, never the password. */
    String endpoint() {
        return (tls ? "ftps" : "ftp") + "://" + user + "@" + host + ":" + port;
    }

    @Override
    public String toString() {
        return "FtpSettings[" + endpoint() + ", root '" + root + "', passive " + passive + "]";
    }
}
