package dev.stowage.gateway.internal;

import dev.stowage.StorageException;
import dev.stowage.transform.TransformException;
import java.io.UncheckedIOException;
import java.util.concurrent.TimeoutException;

/**
 * A request the gateway answers with an error status and a short plain-text reason. The reason names what the
 * client can fix (the parameter, the key) and never carries a store's credentials or internal details.
 */
public final class HttpProblem extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;

    public HttpProblem(int status, String reason) {
        super(reason, null, false, false);
        this.status = status;
    }

    public int status() {
        return status;
    }

    public static HttpProblem badRequest(String reason) {
        return new HttpProblem(400, reason);
    }

    /** Maps any failure of a request to its status and reason. */
    public static HttpProblem of(Throwable t) {
        if (t instanceof HttpProblem p) {
            return p;
        }
        if (t instanceof TransformException te) {
            return new HttpProblem(te.kind().httpStatus(), te.getMessage());
        }
        if (t instanceof StorageException se) {
            return ofStorage(se);
        }
        if (t instanceof IllegalArgumentException iae) {
            return badRequest(iae.getMessage());
        }
        if (t instanceof UncheckedIOException || t instanceof java.io.IOException) {
            return new HttpProblem(502, "reading from the store failed");
        }
        if (t instanceof OutOfMemoryError) {
            return new HttpProblem(503, "the gateway is out of memory; try again shortly");
        }
        return new HttpProblem(500, "internal error");
    }

    private static HttpProblem ofStorage(StorageException e) {
        String what = e.key() == null ? "" : " '" + e.key() + "'";
        return switch (e.code()) {
            case NOT_FOUND -> new HttpProblem(404, "not found" + what);
            case PERMISSION_DENIED, UNAUTHENTICATED -> new HttpProblem(403, "the store denied access to" + what);
            case INVALID_ARGUMENT -> badRequest(e.detail() == null ? "invalid request" : e.detail());
            case DEADLINE_EXCEEDED -> new HttpProblem(504, "the store did not answer in time");
            case UNAVAILABLE -> isTimeout(e)
                    ? new HttpProblem(504, "the store did not answer in time")
                    : new HttpProblem(502, "the store is unavailable");
            case RATE_LIMITED -> new HttpProblem(502, "the store is throttling requests");
            default -> new HttpProblem(502, "the store failed (" + e.code().name().toLowerCase(java.util.Locale.ROOT)
                    .replace('_', ' ') + ")");
        };
    }

    private static boolean isTimeout(StorageException e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof java.net.SocketTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
