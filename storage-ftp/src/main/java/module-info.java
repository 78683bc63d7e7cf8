/** The FTP and FTPS driver ({@code ftp:} and {@code ftps:} URIs), over Apache Commons Net. */
module dev.stowage.ftp {
    requires dev.stowage.api;
    requires org.apache.commons.net;

    exports dev.stowage.ftp;

    provides dev.stowage.spi.BlobStoreProvider with dev.stowage.ftp.FtpProvider;
}
