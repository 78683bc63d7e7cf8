package dev.stowage.sftp;

import dev.stowage.StoreConfig;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Opens folders on SFTP servers as stores: {@code sftp://user:password@host:22/srv/folder} or
 * {@code sftp://user@host/~/folder?privateKey=/home/me/.ssh/id_ed25519}. The URI path is the root folder
 * ({@code /srv/x} absolute, {@code /~/x} relative to the login folder). Host keys are checked against
 * {@code ~/.ssh/known_hosts} (or the {@code knownHosts} file, or a pinned {@code hostKey} fingerprint); turning the
 * check off takes an explicit {@code strictHostKeyChecking=false}.
 */
public final class SftpProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("sftp");
    }

    @Override
    public Set<String> options() {
        return Set.of("user", "password", "privateKey", "passphrase", "knownHosts", "hostKey",
                "strictHostKeyChecking", "connectTimeout", "readTimeout", "maxConnections", "create");
    }

    @Override
    public PathRole pathRole() {
        return PathRole.ROOT_FOLDER; // the URI path is the root folder itself
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        return SftpDriver.open(SftpSettings.from(config));
    }
}
