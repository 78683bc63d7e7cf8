package dev.stowage.ftp;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.FtpServerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The FTP driver against the whole conformance kit, on an embedded Apache FtpServer. */
class FtpConformanceTest extends BlobStoreContract {
    static FtpServerEmulator server;

    @BeforeAll
    static void startServer() {
        server = FtpServerEmulator.start();
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(server.uri(namespace));
    }
}
