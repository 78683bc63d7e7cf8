package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.ErrorCode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import org.junit.jupiter.api.Test;

class ErrorsTest {

    @Test
    void fileSystemFailuresGetNaturalCodes() {
        assertThat(Errors.classify(new NoSuchFileException("a")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(Errors.classify(new NotDirectoryException("a/b")).code()).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(Errors.classify(new AccessDeniedException("a")).code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(Errors.classify(new FileSystemException("a", null, "File name too long")).code())
                .isEqualTo(ErrorCode.INVALID_ARGUMENT);
    }

    @Test
    void localFileSystemRefusalsAreNotRetryable() {
        assertThat(Errors.classify(new FileSystemException("a", null, "Read-only file system")).retryable()).isFalse();
        assertThat(Errors.classify(new FileSystemException("a", null, "Operation not permitted")).code())
                .isEqualTo(ErrorCode.PERMISSION_DENIED);
    }

    @Test
    void networkFailuresAreRetryableUnavailable() {
        assertThat(Errors.classify(new ConnectException("refused")).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(Errors.classify(new SocketTimeoutException("slow")).retryable()).isTrue();
        assertThat(Errors.classify(new IOException("reset")).retryable()).isTrue();
    }

    @Test
    void httpStatusesMapToPortableCodes() {
        assertThat(Errors.forHttpStatus(404)).isEqualTo(ErrorCode.NOT_FOUND);
        assertThat(Errors.forHttpStatus(403)).isEqualTo(ErrorCode.PERMISSION_DENIED);
        assertThat(Errors.forHttpStatus(401)).isEqualTo(ErrorCode.UNAUTHENTICATED);
        assertThat(Errors.forHttpStatus(412)).isEqualTo(ErrorCode.PRECONDITION_FAILED);
        assertThat(Errors.forHttpStatus(429)).isEqualTo(ErrorCode.RATE_LIMITED);
        assertThat(Errors.forHttpStatus(503)).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(Errors.forHttpStatus(301)).isEqualTo(ErrorCode.MISCONFIGURED);
    }
}
