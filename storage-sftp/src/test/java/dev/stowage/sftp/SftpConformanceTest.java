package dev.stowage.sftp;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.SftpServerEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The SFTP driver against the whole conformance kit, on an embedded Apache MINA SSHD server (password login). */
class SftpConformanceTest extends BlobStoreContract {
    static SftpServerEmulator server;

    @BeforeAll
    static void startServer() {
        server = SftpServerEmulator.start();
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
