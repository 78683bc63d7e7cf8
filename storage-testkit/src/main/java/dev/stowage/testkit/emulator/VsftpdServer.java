package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Debian's vsftpd as a second instance on a free loopback port with its own configuration file, logging in the
 * local test user ({@link LocalFileServer#USER}) through PAM. Its defaults are kept where they matter to clients:
 * {@code force_dot_files=NO} (LIST hides dotfiles), no MLST/MLSD, LIST times to the minute, and for FTPS
 * ({@link #startTls()}) {@code require_ssl_reuse=YES}: data connections must resume the control connection's TLS
 * session. The FTPS certificate is a throwaway self-signed one, pinned in {@link #uri(String)}.
 */
public final class VsftpdServer extends LocalFileServer {
    private static final Path BINARY = Path.of("/usr/sbin/vsftpd");

    private final ThrowawayCertificate certificate;

    private VsftpdServer(boolean tls, List<String> extra) throws IOException {
        super("vsftpd");
        certificate = tls ? ThrowawayCertificate.make(work()) : null;
        Path empty = Files.createDirectories(work().resolve("empty"));
        StringBuilder conf = new StringBuilder()
                .append("listen=YES\nlisten_address=127.0.0.1\nlisten_port=").append(port()).append('\n')
                .append("background=NO\nanonymous_enable=NO\nlocal_enable=YES\nwrite_enable=YES\nlocal_umask=022\n")
                .append("pasv_enable=YES\npasv_address=127.0.0.1\nseccomp_sandbox=NO\nsecure_chroot_dir=")
                .append(empty).append("\npam_service_name=vsftpd\nutf8_filesystem=YES\nxferlog_enable=NO\n")
                // the per-IP and total client limits stay at their defaults (unlimited, 2000)
                .append("max_per_ip=0\n");
        if (tls) {
            conf.append("ssl_enable=YES\nrsa_cert_file=").append(certificate.certificate())
                    .append("\nrsa_private_key_file=").append(certificate.key())
                    .append("\nforce_local_data_ssl=YES\nforce_local_logins_ssl=YES\n");
        }
        extra.forEach(line -> conf.append(line).append('\n'));
        Path file = writeWork("vsftpd.conf", conf.toString());
        launch(List.of(BINARY.toString(), file.toString()), "220");
    }

    /** Starts plain FTP with vsftpd's defaults. */
    public static VsftpdServer start() {
        return start(false, List.of());
    }

    /** Starts FTPS (explicit TLS required for login and data) with vsftpd's defaults, {@code require_ssl_reuse=YES}. */
    public static VsftpdServer startTls() {
        return start(true, List.of());
    }

    /** Starts with extra {@code name=value} lines appended to the configuration (the last value wins). */
    public static VsftpdServer start(boolean tls, List<String> extraConfig) {
        requireInstalled("vsftpd", BINARY);
        try {
            return new VsftpdServer(tls, extraConfig);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start vsftpd", e);
        }
    }

    /** Whether this instance serves FTPS. */
    public boolean isTls() {
        return certificate != null;
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
