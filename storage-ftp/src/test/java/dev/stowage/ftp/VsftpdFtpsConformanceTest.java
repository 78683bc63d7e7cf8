package dev.stowage.ftp;

import dev.stowage.testkit.emulator.VsftpdServer;
import org.junit.jupiter.api.BeforeAll;

/** The FTP driver against the whole conformance kit on vsftpd 3.0.3 with explicit TLS and its default require_ssl_reuse=YES. */
class VsftpdFtpsConformanceTest extends LocalFtpServerContract {
    @BeforeAll
    static void startServer() {
        server = VsftpdServer.startTls();
    }
}
