package dev.stowage.ftp;

import dev.stowage.testkit.emulator.VsftpdServer;
import org.junit.jupiter.api.BeforeAll;

/** The FTP driver against the whole conformance kit on vsftpd 3.0.3, plain FTP, with its defaults (no MLSD, dotfiles hidden from LIST). */
class VsftpdConformanceTest extends LocalFtpServerContract {
    @BeforeAll
    static void startServer() {
        server = VsftpdServer.start();
    }
}
