package dev.stowage.azure.internal;

import com.azure.core.exception.ClientAuthenticationException;
import com.azure.core.exception.HttpResponseException;
import com.azure.storage.blob.models.BlobErrorCode;
import com.azure.storage.blob.models.BlobStorageException;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * Classifies Azure SDK failures. The SDK wraps causes in reactive and unchecked wrappers, so the chain is
 * searched for the first exception that says something: a storage error, an authentication failure or I/O.
 */
final class AzureErrors {
    private final AzureClients clients;

    AzureErrors(AzureClients clients) {
        this.clients = clients;
    }

    StorageException translate(Operation operation, Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof StorageException se) {
                return se;
            }
            if (t instanceof BlobStorageException bse) {
                return forStorage(operation, bse);
            }
            if (t instanceof ClientAuthenticationException cae) {
                return StorageException.builder(ErrorCode.UNAUTHENTICATED, "no Azure credential could be obtained")
                        .hint(clients.credentialSource() + " found no usable credential; set connectionString, "
                                + "accountKey or sasToken, or give the host a managed identity")
                        .cause(cae).build();
            }
            if (t instanceof HttpResponseException hre && hre.getResponse() != null) {
                int status = hre.getResponse().getStatusCode();
                return StorageException.builder(Errors.forHttpStatus(status), "HTTP " + status + " from Azure")
                        .cause(hre).build();
            }
            if (t instanceof IOException && !(t instanceof UncheckedIOException)) {
                return Errors.classify(t).toBuilder().cause(failure).build();
            }
            if (t instanceof TimeoutException) {
                // the HTTP client's connect, response or read timeout, arriving wrapped by the reactive pipeline
                return Errors.timedOut(t, "Azure", "requestTimeout").toBuilder().cause(failure).build();
            }
        }
        return Errors.classify(failure);
    }

    private StorageException forStorage(Operation operation, BlobStorageException e) {
        int status = e.getStatusCode();
        BlobErrorCode code = e.getErrorCode();
        String name = code == null ? "HTTP " + status : code.toString();
        String container = clients.containerName();
        ErrorCode portable;
        String detail;
        String hint = null;
        if (BlobErrorCode.CONTAINER_NOT_FOUND.equals(code)) {
            portable = ErrorCode.MISCONFIGURED;
            detail = "container '" + container + "' does not exist in account '" + clients.account() + "'";
            hint = "create the container (az storage container create -n " + container
                    + ") or fix the first path segment of the URI";
        } else if (BlobErrorCode.BLOB_NOT_FOUND.equals(code)) {
            portable = ErrorCode.NOT_FOUND;
            detail = "no such blob";
        } else if (status == 404 && code == null) {
            // HEAD responses carry no body; the SDK then knows only the status.
            portable = ErrorCode.NOT_FOUND;
            detail = "not found (blob or container '" + container + "')";
        } else if (BlobErrorCode.AUTHENTICATION_FAILED.equals(code)
                || BlobErrorCode.INVALID_AUTHENTICATION_INFO.equals(code) || status == 401) {
            portable = ErrorCode.UNAUTHENTICATED;
            detail = "Azure rejected the request's credentials (" + name + ")";
            hint = "check " + clients.credentialSource() + ": the key or token may be wrong, expired or for another "
                    + "account, or the clock may be off";
        } else if (status == 403 && clients.canSign()
                && !BlobErrorCode.AUTHORIZATION_PERMISSION_MISMATCH.equals(code)) {
            // A shared key grants everything, so a refusal means the key is wrong (Azurite answers
            // AuthorizationFailure for a bad signature) or a network rule blocks the client.
            portable = ErrorCode.UNAUTHENTICATED;
            detail = "Azure rejected the request's credentials (" + name + ")";
            hint = "check " + clients.credentialSource() + ": the key may be wrong or for another account; "
                    + "otherwise the account's firewall or network rules may block this client";
        } else if (status == 403) {
            portable = ErrorCode.PERMISSION_DENIED;
            detail = "Azure refused the request (" + name + ")";
            hint = clients.credentialSource() + " lacks the permission for " + operation.name().toLowerCase(
                    java.util.Locale.ROOT) + " on container '" + container + "' (a SAS needs r/w/d/l/c; an identity "
                    + "needs the Storage Blob Data Contributor role, or Reader for reads)";
        } else if (status == 412 || BlobErrorCode.CONDITION_NOT_MET.equals(code)) {
            portable = ErrorCode.PRECONDITION_FAILED;
            detail = "a write condition did not hold (" + name + ")";
        } else if (status == 416 || BlobErrorCode.INVALID_RANGE.equals(code)) {
            portable = ErrorCode.INVALID_ARGUMENT;
            detail = "the range is not satisfiable";
        } else if (BlobErrorCode.BLOB_ALREADY_EXISTS.equals(code)) {
            portable = ErrorCode.ALREADY_EXISTS;
            detail = "the blob already exists";
        } else if (BlobErrorCode.SERVER_BUSY.equals(code) || status == 429) {
            portable = ErrorCode.RATE_LIMITED;
            detail = "Azure asks to slow down (" + name + ")";
        } else {
            portable = Errors.forHttpStatus(status);
            detail = "Azure answered " + status + " " + name;
        }
        return StorageException.builder(portable, detail).hint(hint).cause(e).build();
    }
}
