package dev.stowage.ftp;

import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.ConnectionPool;
import dev.stowage.spi.Errors;
import dev.stowage.spi.FileServerDriver;
import java.security.cert.CertificateException;
import javax.net.ssl.SSLException;
import org.apache.commons.net.ftp.FTPConnectionClosedException;

/**
 * A folder on an FTP or FTPS server as a store. The file handling (temporary file then rename, folders, listing in
 * key order, pooled connections) is {@link FileServerDriver}'s; this class classifies FTP failures.
 */
final class FtpDriver extends FileServerDriver<FtpSession> {
    private final FtpSettings settings;

    FtpDriver(FtpSettings settings) {
        super(new ConnectionPool<>(settings.endpoint(), settings.maxConnections(), settings.readTimeout(),
                new FtpConnector(settings)));
        this.settings = settings;
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        if (failure instanceof FtpReplyException r) {
            return reply(operation, r);
        }
        if (failure instanceof FTPConnectionClosedException) {
            return StorageException.builder(ErrorCode.UNAVAILABLE, "the FTP server " + settings.endpoint()
                    + " closed the connection").cause(failure).retryable(true).build();
        }
        Throwable cert = findCause(failure, CertificateException.class);
        if (cert != null || failure instanceof SSLException) {
            return StorageException.builder(ErrorCode.MISCONFIGURED, "TLS with " + settings.endpoint() + " failed: "
                    + Errors.describe(cert != null ? cert : failure)).cause(failure)
                    .hint("trust the server's certificate with trustStore=/path/to/truststore or pin it with "
                            + "tlsFingerprint=<SHA-256 fingerprint shown above>").build();
        }
        return Errors.classify(failure);
    }

    private StorageException reply(Operation operation, FtpReplyException r) {
        ErrorCode code;
        String hint = null;
        switch (r.replyCode()) {
            case 530, 532 -> {
                code = ErrorCode.UNAUTHENTICATED;
                hint = "user '" + settings.user() + "' is not logged in";
            }
            case 550 -> {
                code = operation == Operation.GET || operation == Operation.STAT ? ErrorCode.NOT_FOUND
                        : ErrorCode.PERMISSION_DENIED;
                if (code == ErrorCode.PERMISSION_DENIED) {
                    hint = "check that user '" + settings.user() + "' may write in the store's folder";
                }
            }
            case 553 -> {
                code = ErrorCode.PERMISSION_DENIED;
                hint = "the server does not allow this file name or user '" + settings.user() + "' may not write it";
            }
            case 452, 552 -> {
                code = ErrorCode.UNAVAILABLE;
                hint = "the server is out of space or over the user's quota";
            }
            case 502, 504 -> code = ErrorCode.UNSUPPORTED;
            case 522 -> {
                // vsftpd: "SSL connection failed: session reuse required"; retrying the same way cannot help
                code = ErrorCode.MISCONFIGURED;
                hint = "the server refused the TLS of a data connection; if it requires TLS session reuse over TLS "
                        + "1.2 only, allow TLS 1.3 on the server (vsftpd: require_ssl_reuse, ssl_tlsv1_3)";
            }
            default -> code = r.replyCode() >= 400 && r.replyCode() < 500 ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
        }
        return StorageException.builder(code, r.getMessage()).hint(hint).cause(r).build();
    }

    private static Throwable findCause(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
        }
        return null;
    }
}
