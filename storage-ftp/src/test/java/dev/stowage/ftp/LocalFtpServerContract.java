package dev.stowage.ftp;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.LocalFileServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Tag;

/** The conformance kit on an FTP server Debian ships, run as a local process; subclasses start the server. */
@Tag("interop")
abstract class LocalFtpServerContract extends BlobStoreContract {
    static LocalFileServer server;

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open(server.uri(namespace));
    }
}
