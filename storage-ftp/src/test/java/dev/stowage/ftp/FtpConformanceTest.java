package dev.stowage.ftp;

import dev.stowage.testkit.emulator.FtpServerEmulator;
import org.junit.jupiter.api.BeforeAll;

/** The FTP driver against the whole conformance kit, on an embedded Apache FtpServer. */
class FtpConformanceTest extends ApacheFtpServerContract {
    @BeforeAll
    static void startServer() {
        server = FtpServerEmulator.start();
    }
}
