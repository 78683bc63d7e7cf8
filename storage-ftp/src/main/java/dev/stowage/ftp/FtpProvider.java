package dev.stowage.ftp;

import dev.stowage.StoreConfig;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.util.Set;

/**
 * Opens folders on FTP servers as stores: {@code ftp://user:password@host:21/folder} and, with explicit TLS,
 * {@code ftps://user@host/folder?tlsFingerprint=...}. The URI path is the root folder ({@code /srv/x} absolute,
 * {@code /~/x} relative to the login folder). Options: {@code user}, {@code password}, {@code passive},
 * {@code connectTimeout}, {@code readTimeout}, {@code maxConnections}, {@code create}, and for FTPS
 * {@code tlsFingerprint}, {@code trustStore}, {@code trustStorePassword}.
 */
public final class FtpProvider implements BlobStoreProvider {
    @Override
    public Set<String> schemes() {
        return Set.of("ftp", "ftps");
    }

    @Override
    public Set<String> options() {
        return Set.of("user", "password", "passive", "connectTimeout", "readTimeout", "maxConnections", "create",
                "tlsFingerprint", "trustStore", "trustStorePassword");
    }

    @Override
    public PathRole pathRole() {
        return PathRole.ROOT_FOLDER; // the URI path is the root folder itself
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        return new FtpDriver(FtpSettings.from(config));
    }
}
