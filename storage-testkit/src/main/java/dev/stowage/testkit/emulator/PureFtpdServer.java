package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * pure-ftpd run from its extracted Debian package (Debian's FTP server packages conflict with each other, so it is
 * not installed: {@code storage-testkit/scripts/install-fileservers.sh} extracts it to
 * {@code storage-testkit/servers/pure-ftpd}, or set {@code PURE_FTPD_HOME} to a folder holding
 * {@code usr/sbin/pure-ftpd}). It listens on a free loopback port and logs in the local test user
 * ({@link LocalFileServer#USER}) against the system's password database; FTPS ({@link #startTls()}) requires TLS
 * with a throwaway self-signed certificate, pinned in {@link #uri(String)}.
 */
public final class PureFtpdServer extends LocalFileServer {
    private final ThrowawayCertificate certificate;

    private PureFtpdServer(Path binary, boolean tls) throws IOException {
        super("pure-ftpd");
        certificate = tls ? ThrowawayCertificate.make(work()) : null;
        List<String> command = new ArrayList<>(List.of(binary.toString(), "--bind", "127.0.0.1," + port(),
                "--login", "unix", "--noanonymous", "--dontresolve", "--syslogfacility", "none",
                "--forcepassiveip", "127.0.0.1", "--maxclientsnumber", "200", "--maxclientsperip", "200"));
        if (tls) {
            command.addAll(List.of("--tls", "2", "--certfile", certificate.combined().toString()));
        }
        launch(command, "220");
    }

    /** Starts plain FTP. */
    public static PureFtpdServer start() {
        return start(false);
    }

    /** Starts FTPS: logins must use explicit TLS. */
    public static PureFtpdServer startTls() {
        return start(true);
    }

    private static PureFtpdServer start(boolean tls) {
        Path binary = find();
        requireInstalled("pure-ftpd", binary);
        try {
            return new PureFtpdServer(binary, tls);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start pure-ftpd", e);
        }
    }

    private static Path find() {
        String home = System.getenv("PURE_FTPD_HOME");
        if (home != null && !home.isBlank()) {
            return Path.of(home, "usr/sbin/pure-ftpd");
        }
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("storage-testkit/servers/pure-ftpd/usr/sbin/pure-ftpd");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return Path.of("storage-testkit/servers/pure-ftpd/usr/sbin/pure-ftpd");
    }

    /** The FTPS certificate's SHA-256 fingerprint (hex), or {@code null} for plain FTP. */
    public String certificateFingerprint() {
        return certificate == null ? null : certificate.fingerprint();
    }

    @Override
    public String uri(String folder) {
        return certificate == null ? "ftp://" + authority(folder)
                : "ftps://" + authority(folder) + "?tlsFingerprint=" + certificate.fingerprint();
    }
}
