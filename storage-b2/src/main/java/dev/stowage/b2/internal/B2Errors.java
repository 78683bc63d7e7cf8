package dev.stowage.b2.internal;

import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.exceptions.B2LocalException;
import com.backblaze.b2.client.exceptions.B2NetworkBaseException;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import java.net.SocketTimeoutException;
import java.net.http.HttpTimeoutException;

/** Maps B2's failures (HTTP status + error code from its JSON errors) to portable codes with hints. */
final class B2Errors {
    private final B2Settings settings;

    B2Errors(B2Settings settings) {
        this.settings = settings;
    }

    StorageException translate(Operation operation, Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        if (failure instanceof RuntimeException && failure.getCause() instanceof B2Exception cause) {
            return translate(operation, cause); // the SDK's listing iterators wrap B2Exception in B2RuntimeException
        }
        if (failure instanceof B2NetworkBaseException e) {
            Throwable cause = e.getCause();
            StorageException base = cause != null ? Errors.classify(cause) : null;
            return StorageException.builder(ErrorCode.UNAVAILABLE, "B2 request failed: " + Errors.describe(e))
                    .hint(base == null ? null : base.hint()).cause(e).build();
        }
        if (failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException) {
            // a download's wait for its response (the JDK client) or for its body's next bytes
            return Errors.timedOut(failure, "B2", "requestTimeout");
        }
        if (failure instanceof B2LocalException e) {
            return StorageException.builder(ErrorCode.INTERNAL, Errors.describe(e)).cause(e).build();
        }
        if (failure instanceof B2Exception e) {
            return service(operation, e);
        }
        return Errors.classify(failure);
    }

    private StorageException service(Operation operation, B2Exception e) {
        String code = e.getCode() == null ? "" : e.getCode();
        String detail = "B2 " + e.getStatus() + " " + code + ": " + e.getMessage();
        int status = e.getStatus();
        String keySource = settings.credentialSource();
        if (code.equals("not_found") || code.equals("file_not_present") || code.equals("no_such_file")) {
            return build(ErrorCode.NOT_FOUND, "no object under this key", null, e);
        }
        if (code.equals("range_not_satisfiable") || status == 416) {
            return build(ErrorCode.INVALID_ARGUMENT, detail, "the range starts at or past the end of the object", e);
        }
        if (code.equals("bad_auth_token") || code.equals("expired_auth_token") || code.equals("bad_credentials")
                || (status == 401 && !code.equals("unauthorized"))) {
            return build(ErrorCode.UNAUTHENTICATED, detail, "B2 refused the application key (" + keySource
                    + "); check the key id and the key, and that the key was not deleted", e);
        }
        if (code.equals("unauthorized") || code.equals("access_denied") || status == 403) {
            if (code.equals("cap_exceeded") || code.equals("transaction_cap_exceeded")
                    || code.equals("download_cap_exceeded") || code.equals("storage_cap_exceeded")) {
                return build(ErrorCode.PERMISSION_DENIED, detail, "the account's " + code.replace('_', ' ')
                        + "; raise the cap in the B2 web console", e);
            }
            return build(ErrorCode.PERMISSION_DENIED, detail, "the application key (" + keySource + ") lacks the "
                    + capability(operation) + " capability on bucket '" + settings.bucket()
                    + "', or is restricted to another bucket or file-name prefix", e);
        }
        if (status == 429 || code.equals("too_many_requests")) {
            return build(ErrorCode.RATE_LIMITED, detail, "B2 asks to slow down; retry with backoff", e);
        }
        if (status == 408 || status >= 500) {
            return build(ErrorCode.UNAVAILABLE, detail, null, e);
        }
        if (code.equals("duplicate_bucket_name") || code.equals("file_already_hidden")) {
            return build(ErrorCode.ALREADY_EXISTS, detail, null, e);
        }
        if (status == 400) {
            return build(ErrorCode.INVALID_ARGUMENT, detail, null, e);
        }
        return build(Errors.forHttpStatus(status), detail, null, e);
    }

    private static String capability(Operation operation) {
        if (operation == null) {
            return "needed";
        }
        return switch (operation) {
            case PUT -> "writeFiles";
            case GET, STAT, EXISTS -> "readFiles";
            case SIGNED_URL -> "shareFiles";
            case LIST -> "listFiles";
            case DELETE -> "deleteFiles (and listFiles)";
            case COPY -> "readFiles and writeFiles";
            default -> "needed";
        };
    }

    private static StorageException build(ErrorCode code, String detail, String hint, Throwable cause) {
        return StorageException.builder(code, detail).hint(hint).cause(cause).build();
    }
}
