package dev.stowage.ftp;

import java.io.IOException;

/** A negative FTP reply to a command, with the server's code and text. */
final class FtpReplyException extends IOException {
    private static final long serialVersionUID = 1L;

    private final int replyCode;

    FtpReplyException(String command, int replyCode, String replyText) {
        super(command + " failed: " + (replyText == null ? String.valueOf(replyCode) : replyText.strip()));
        this.replyCode = replyCode;
    }

    int replyCode() {
        return replyCode;
    }
}
