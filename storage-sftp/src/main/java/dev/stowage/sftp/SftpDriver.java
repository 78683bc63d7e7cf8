package dev.stowage.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.HostKeyRepository;
import com.jcraft.jsch.JSchException;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.ConnectionPool;
import dev.stowage.spi.Errors;
import dev.stowage.spi.FileServerDriver;
import java.util.Locale;

/**
 * A folder on an SFTP server as a store. The file handling (temporary file then rename, folders, listing in key
 * order, pooled connections) is {@link FileServerDriver}'s; this class classifies SSH and SFTP failures.
 */
final class SftpDriver extends FileServerDriver<SftpSession> {
    private final SftpSettings settings;
    private final HostKeyCheck hostKeys;

    private SftpDriver(SftpSettings settings, SftpConnector connector) {
        super(new ConnectionPool<>(settings.endpoint(), settings.maxConnections(), settings.readTimeout(), connector));
        this.settings = settings;
        this.hostKeys = connector.hostKeys();
    }

    static SftpDriver open(SftpSettings settings) {
        return new SftpDriver(settings, new SftpConnector(settings));
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        if (failure instanceof SftpFailure f) {
            return status(f);
        }
        if (failure instanceof JSchException j) {
            return ssh(j);
        }
        return Errors.classify(failure);
    }

    private StorageException status(SftpFailure f) {
        ErrorCode code;
        String hint = null;
        switch (f.status()) {
            case ChannelSftp.SSH_FX_NO_SUCH_FILE -> code = ErrorCode.NOT_FOUND;
            case ChannelSftp.SSH_FX_PERMISSION_DENIED -> {
                code = ErrorCode.PERMISSION_DENIED;
                hint = "check that user '" + settings.user() + "' may read and write in the store's folder";
            }
            case ChannelSftp.SSH_FX_OP_UNSUPPORTED -> code = ErrorCode.UNSUPPORTED;
            case 11 -> code = ErrorCode.ALREADY_EXISTS; // SSH_FX_FILE_ALREADY_EXISTS (SFTP v5+)
            case ChannelSftp.SSH_FX_NO_CONNECTION, ChannelSftp.SSH_FX_CONNECTION_LOST -> code = ErrorCode.UNAVAILABLE;
            default -> {
                code = ErrorCode.UNAVAILABLE;
                hint = "the server could not do it (full disk, quota, or a name it refuses)";
            }
        }
        return StorageException.builder(code, f.getMessage()).hint(hint).cause(f).build();
    }

    private StorageException ssh(JSchException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        HostKeyCheck.Seen seen = hostKeys.last();
        String type = e.getClass().getSimpleName();
        if (type.equals("JSchUnknownHostKeyException") || type.equals("JSchChangedHostKeyException")
                || message.startsWith("UnknownHostKey") || message.startsWith("HostKey has been changed")
                || type.equals("JSchRevokedHostKeyException")) {
            return hostKey(e, seen);
        }
        if (message.startsWith("Auth fail") || message.startsWith("Auth cancel") || type.contains("Auth")
                || type.equals("JSchPartialAuthException")) {
            return StorageException.builder(ErrorCode.UNAUTHENTICATED, "the SFTP server " + settings.host() + ":"
                    + settings.port() + " refused user '" + settings.user() + "' with "
                    + settings.credentialSource()).cause(e)
                    .hint("check the user name and the credential; a public key must be in the user's "
                            + "authorized_keys on the server").build();
        }
        if (e.getCause() != null) {
            StorageException classified = Errors.classify(e.getCause());
            return classified.toBuilder().cause(e).build();
        }
        if (message.toLowerCase(Locale.ROOT).contains("session is down")
                || message.toLowerCase(Locale.ROOT).contains("channel is not opened")
                || message.toLowerCase(Locale.ROOT).contains("connection is closed")) {
            return StorageException.builder(ErrorCode.UNAVAILABLE, "the SFTP connection to " + settings.endpoint()
                    + " was lost: " + message).cause(e).build();
        }
        return StorageException.builder(ErrorCode.UNAVAILABLE, "SSH with " + settings.endpoint() + " failed: "
                + message).cause(e).build();
    }

    private StorageException hostKey(JSchException e, HostKeyCheck.Seen seen) {
        String where = settings.host() + ":" + settings.port();
        String fingerprint = seen == null ? "(unknown)" : seen.fingerprint();
        boolean changed = seen != null && seen.result() == HostKeyRepository.CHANGED;
        if (changed) {
            String against = hostKeys.isPinned() ? "the pinned hostKey " + settings.hostKey()
                    : "the key for it in " + hostKeys.knownHostsFile();
            return StorageException.builder(ErrorCode.PERMISSION_DENIED, "the host key of " + where + " is "
                    + fingerprint + ", which does not match " + against
                    + "; the server was re-keyed or something is between you and it").cause(e)
                    .hint("if the new key is expected, pin it with hostKey=" + fingerprint + " or update "
                            + hostKeys.knownHostsFile()).build();
        }
        return StorageException.builder(ErrorCode.MISCONFIGURED, "the host key of " + where + " (" + fingerprint
                + ") is not known: it is not in " + hostKeys.knownHostsFile()).cause(e)
                .hint("check the fingerprint with the server's administrator, then pin it with hostKey=" + fingerprint
                        + " or add it to known_hosts (ssh-keyscan -p " + settings.port() + " " + settings.host()
                        + "); strictHostKeyChecking=false turns the check off, which lets anyone in between read "
                        + "and change the data").build();
    }
}
