package dev.stowage.ftp;

import dev.stowage.testkit.emulator.FtpServerEmulator;
import org.junit.jupiter.api.BeforeAll;

/** The FTPS driver (explicit TLS, pinned certificate) against the whole conformance kit, on an embedded Apache FtpServer. */
class FtpsConformanceTest extends ApacheFtpServerContract {
    @BeforeAll
    static void startServer() {
        server = FtpServerEmulator.startTls();
    }
}
