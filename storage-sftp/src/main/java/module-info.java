/** The SFTP driver ({@code sftp:} URIs), over JSch. */
module dev.stowage.sftp {
    requires dev.stowage.api;
    requires com.jcraft.jsch;

    exports dev.stowage.sftp;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.sftp.SftpProvider;
}
