package dev.stowage.spi;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;

/** Shared failure classification for drivers, so that every driver maps common causes the same way. */
public final class Errors {
    private Errors() {
    }

    /**
     * Classifies a failure that is not backend-specific: a {@link StorageException} is returned as is,
     * {@link IllegalArgumentException} becomes INVALID_ARGUMENT, file-system and network exceptions get
     * their natural codes, anything else INTERNAL.
     */
    public static StorageException classify(Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        if (failure instanceof UncheckedIOException u && u.getCause() != null) {
            return classify(u.getCause()).toBuilder().cause(failure).build();
        }
        ErrorCode code;
        String hint = null;
        if (failure instanceof NoSuchFileException || failure instanceof FileNotFoundException
                || failure instanceof java.nio.file.NotDirectoryException) {
            code = ErrorCode.NOT_FOUND;
        } else if (failure instanceof FileAlreadyExistsException || failure instanceof DirectoryNotEmptyException) {
            code = ErrorCode.ALREADY_EXISTS;
        } else if (failure instanceof AccessDeniedException) {
            code = ErrorCode.PERMISSION_DENIED;
            hint = "check the file permissions of the store's root folder";
        } else if (failure instanceof java.nio.file.FileSystemException fse) {
            // a local file-system refusal: trying again gives the same answer
            String reason = fse.getReason() == null ? "" : fse.getReason();
            if (reason.contains("name too long")) {
                code = ErrorCode.INVALID_ARGUMENT;
            } else if (reason.contains("not permitted") || reason.contains("Read-only file system")) {
                code = ErrorCode.PERMISSION_DENIED;
                hint = "the file system refuses this change; check the folder's permissions and mount options";
            } else {
                code = ErrorCode.INTERNAL;
            }
        } else if (failure instanceof UnknownHostException) {
            code = ErrorCode.MISCONFIGURED;
            hint = "the host name does not resolve; check the endpoint or host option";
        } else if (failure instanceof ConnectException || failure instanceof NoRouteToHostException) {
            code = ErrorCode.UNAVAILABLE;
            hint = "nothing answers at the configured endpoint; check host, port and that the service is up";
        } else if (failure instanceof SocketTimeoutException || failure instanceof InterruptedIOException
                || failure instanceof java.util.concurrent.TimeoutException) {
            code = ErrorCode.UNAVAILABLE;
            hint = "the backend did not answer in time";
        } else if (failure instanceof IOException) {
            code = ErrorCode.UNAVAILABLE;
        } else if (failure instanceof IllegalArgumentException) {
            code = ErrorCode.INVALID_ARGUMENT;
        } else if (failure instanceof UnsupportedOperationException) {
            code = ErrorCode.UNSUPPORTED;
        } else {
            code = ErrorCode.INTERNAL;
        }
        return StorageException.builder(code, describe(failure)).hint(hint).cause(failure).build();
    }

    /**
     * The portable code for an HTTP status returned by an object store's REST API.
     * 3xx redirects are MISCONFIGURED (typically a wrong region or endpoint).
     */
    public static ErrorCode forHttpStatus(int status) {
        return switch (status) {
            case 301, 302, 307, 308 -> ErrorCode.MISCONFIGURED;
            case 304, 412 -> ErrorCode.PRECONDITION_FAILED;
            case 400, 411, 413, 414, 416 -> ErrorCode.INVALID_ARGUMENT;
            case 401 -> ErrorCode.UNAUTHENTICATED;
            case 403 -> ErrorCode.PERMISSION_DENIED;
            case 404, 410 -> ErrorCode.NOT_FOUND;
            case 405, 501 -> ErrorCode.UNSUPPORTED;
            case 409 -> ErrorCode.ALREADY_EXISTS;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 408, 500, 502, 503, 504 -> ErrorCode.UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.UNAVAILABLE : ErrorCode.INTERNAL;
        };
    }

    /**
     * A client's timeout (waiting for a connection, a response or the next bytes of a body) as a retryable
     * UNAVAILABLE whose hint names the store option that set the limit.
     *
     * @param timeout the timeout exception
     * @param service the service, as users know it ("Azure", "B2")
     * @param option  the option that sets the limit, e.g. {@code requestTimeout}
     */
    public static StorageException timedOut(Throwable timeout, String service, String option) {
        return classify(timeout).toBuilder().retryable(true).hint(service + " did not answer within " + option
                + "; the service or the network is slow, or the connection stalled").build();
    }

    /** A one-line description of a throwable: its message, or its type when it has none. */
    public static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
