package dev.stowage.sftp;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.OpenSshServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;

/** The SFTP driver against the whole conformance kit on OpenSSH 9.2's sshd (password login, pinned host key). */
@Tag("interop")
class OpenSshConformanceTest extends BlobStoreContract {
    static OpenSshServer server;

    @BeforeAll
    static void startServer() {
        server = OpenSshServer.start();
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
