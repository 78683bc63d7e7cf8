package dev.stowage.sftp;

import com.jcraft.jsch.SftpException;
import java.io.IOException;

/** An SFTP status from the server, as an {@link IOException}, with its status code. */
final class SftpFailure extends IOException {
    private static final long serialVersionUID = 1L;

    private final int status;

    SftpFailure(String operation, String path, SftpException cause) {
        super(operation + " '" + path + "' failed: " + cause.getMessage(), cause);
        this.status = cause.id;
    }

    int status() {
        return status;
    }
}
