package dev.stowage.ftp;

import dev.stowage.testkit.emulator.PureFtpdServer;
import org.junit.jupiter.api.BeforeAll;

/** The FTP driver against the whole conformance kit on pure-ftpd 1.0.50, plain FTP. */
class PureFtpdConformanceTest extends LocalFtpServerContract {
    @BeforeAll
    static void startServer() {
        server = PureFtpdServer.start();
    }
}
