package dev.stowage.ftp;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.FtpServerEmulator;
import org.junit.jupiter.api.AfterAll;

/**
 * The conformance kit on an embedded Apache FtpServer; subclasses choose plain FTP or explicit TLS. The server refuses
 * to rename onto an existing file, so overwrites here are delete + rename, and readers racing them look again for a
 * file they just saw vanish (the narrow races themselves are made to happen in FtpReplaceRaceTest).
 */
abstract class ApacheFtpServerContract extends BlobStoreContract {
    static FtpServerEmulator server;

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
