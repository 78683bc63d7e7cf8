package dev.stowage.gcs.internal;

import com.google.cloud.BaseServiceException;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import java.io.IOException;
import java.util.Locale;

/** Classifies google-cloud-storage failures by HTTP status and reason, with hints naming bucket and credential. */
final class GcsErrors {
    private final GcsClient client;

    GcsErrors(GcsClient client) {
        this.client = client;
    }

    StorageException translate(Operation operation, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageException se) {
                return se;
            }
            if (t instanceof BaseServiceException bse && bse.getCode() > 0) {
                return forService(operation, bse);
            }
        }
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException) {
                return Errors.classify(t).toBuilder().cause(failure).build();
            }
        }
        return Errors.classify(failure);
    }

    private StorageException forService(Operation operation, BaseServiceException e) {
        int status = e.getCode();
        String reason = e.getReason();
        String message = e.getMessage() == null ? "" : e.getMessage();
        String lower = message.toLowerCase(Locale.ROOT);
        String bucket = client.bucket();
        ErrorCode code;
        String hint = null;
        String detail = "GCS answered " + status + (reason == null ? "" : " " + reason) + ": " + message;
        if (status == 404 && lower.contains("bucket") && lower.contains("not exist")) {
            code = ErrorCode.MISCONFIGURED;
            detail = "bucket '" + bucket + "' does not exist";
            hint = "create it (gcloud storage buckets create gs://" + bucket + ") or fix the bucket in the URI";
        } else if (status == 401) {
            code = ErrorCode.UNAUTHENTICATED;
            hint = "GCS did not accept " + client.credentialSource() + "; check that it is valid and not expired";
        } else if (status == 403) {
            code = ErrorCode.PERMISSION_DENIED;
            hint = client.credentialSource() + " lacks " + permission(operation) + " on bucket '" + bucket
                    + "' (e.g. role Storage Object Admin, or Storage Object Viewer for reads)";
        } else if (status == 412 || status == 304) {
            code = ErrorCode.PRECONDITION_FAILED;
            detail = "the object's generation did not match the write condition";
        } else if (status == 416) {
            code = ErrorCode.INVALID_ARGUMENT;
            detail = "the range is not satisfiable";
        } else {
            code = Errors.forHttpStatus(status);
        }
        return StorageException.builder(code, detail).hint(hint).cause(e).retryable(e.isRetryable()
                || code.retryableByDefault()).build();
    }

    private static String permission(Operation operation) {
        return switch (operation) {
            case GET, STAT, EXISTS -> "storage.objects.get";
            case LIST -> "storage.objects.list";
            case PUT -> "storage.objects.create (and storage.objects.delete to overwrite)";
            case DELETE -> "storage.objects.delete";
            case COPY -> "storage.objects.get and storage.objects.create";
            case SIGNED_URL -> "iam.serviceAccounts.signBlob";
            default -> "the needed permission";
        };
    }
}
