package dev.stowage.s3.internal;

import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;

/**
 * Maps S3 failures to portable codes with a hint a person can act on: the bucket's real region, the permission
 * an operation needs, where the credentials came from. Never includes a credential.
 */
final class S3Errors {
    private static final Pattern EXPECTED_REGION = Pattern.compile("expecting '([a-z0-9-]+)'");

    private final S3Settings settings;

    S3Errors(S3Settings settings) {
        this.settings = settings;
    }

    StorageException translate(Operation op, Throwable failure) {
        Throwable f = unwrap(failure);
        if (f instanceof StorageException se) {
            return se;
        }
        if (f instanceof AwsServiceException e) {
            return fromService(op, e);
        }
        if (f instanceof SdkClientException e) {
            return fromClient(e);
        }
        return Errors.classify(f);
    }

    private static Throwable unwrap(Throwable failure) {
        Throwable f = failure;
        while ((f instanceof CompletionException || f instanceof ExecutionException) && f.getCause() != null) {
            f = f.getCause();
        }
        return f;
    }

    private StorageException fromClient(SdkClientException e) {
        String message = Errors.describe(e);
        if (message.contains("Unable to load credentials")) {
            return StorageException.builder(ErrorCode.UNAUTHENTICATED, "no AWS credentials found").cause(e)
                    .hint("set options 'accessKey' and 'secretKey' (e.g. ${env:NAME} references), or provide "
                            + "credentials to " + settings.credentialSource())
                    .build();
        }
        // The SDK wraps what failed underneath (the network, or the caller's content stream): classify that.
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof StorageException se) {
                return se;
            }
            if (cause instanceof java.io.IOException || cause instanceof java.io.UncheckedIOException
                    || cause instanceof IllegalArgumentException) {
                StorageException classified = Errors.classify(cause);
                String hint = classified.hint() != null
                        ? classified.hint() + " (" + settings.effectiveEndpoint() + ")" : null;
                return classified.toBuilder().cause(e).hint(hint).build();
            }
        }
        return StorageException.builder(ErrorCode.INTERNAL, message).cause(e).build();
    }

    private StorageException fromService(Operation op, AwsServiceException e) {
        int status = e.statusCode();
        String code = e.awsErrorDetails() != null && e.awsErrorDetails().errorCode() != null
                ? e.awsErrorDetails().errorCode() : "";
        String detail = "S3 " + (code.isEmpty() ? "" : code + " ") + "(HTTP " + status + ")"
                + (e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null
                ? ": " + e.awsErrorDetails().errorMessage() : "")
                + (e.requestId() != null ? " [request id " + e.requestId() + "]" : "");
        ErrorCode portable;
        String hint = null;
        boolean bucketMissing = e instanceof NoSuchBucketException || code.equals("NoSuchBucket");
        if (bucketMissing) {
            portable = ErrorCode.MISCONFIGURED;
            hint = "bucket '" + settings.bucket() + "' does not exist at " + settings.effectiveEndpoint()
                    + "; create it or correct the bucket name (s3://BUCKET/...)";
        } else if (e instanceof NoSuchKeyException || code.equals("NoSuchKey") || code.equals("NoSuchUpload")) {
            portable = ErrorCode.NOT_FOUND;
        } else if (isRegionProblem(status, code) || (status == 400 && otherRegion(e))) {
            portable = ErrorCode.MISCONFIGURED;
            hint = regionHint(e);
        } else if (isAuthProblem(status, code)) {
            portable = ErrorCode.UNAUTHENTICATED;
            hint = "the credentials were refused (" + code + "); check " + settings.credentialSource()
                    + (code.equals("ExpiredToken") ? "; the session token has expired" : "");
        } else if (status == 403) {
            portable = ErrorCode.PERMISSION_DENIED;
            hint = "the credentials lack " + permission(op) + " on bucket '" + settings.bucket() + "'"
                    + (op == Operation.STAT || op == Operation.EXISTS
                    ? " (without s3:ListBucket, S3 also answers 403 for a missing key)" : "");
        } else if (isThrottling(status, code)) {
            portable = ErrorCode.RATE_LIMITED;
            hint = "S3 asked to slow down; reduce the request rate or spread keys across prefixes";
        } else if (code.equals("PreconditionFailed") || status == 412
                || code.equals("ConditionalRequestConflict")) {
            portable = ErrorCode.PRECONDITION_FAILED;
        } else if (code.equals("InvalidRange") || status == 416) {
            portable = ErrorCode.INVALID_ARGUMENT;
        } else if (code.equals("NotImplemented") || status == 501) {
            portable = ErrorCode.UNSUPPORTED;
            hint = "the service at " + settings.effectiveEndpoint() + " does not implement this S3 feature";
        } else {
            portable = Errors.forHttpStatus(status);
        }
        return StorageException.builder(portable, detail).hint(hint).cause(e).build();
    }

    private static boolean isRegionProblem(int status, String code) {
        return status == 301 || status == 307 || code.equals("PermanentRedirect") || code.equals("TemporaryRedirect")
                || code.equals("AuthorizationHeaderMalformed") || code.equals("IllegalLocationConstraintException");
    }

    /** Whether the response names a bucket region other than the configured one (HEAD answers 400 so). */
    private boolean otherRegion(AwsServiceException e) {
        return e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null
                && e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region")
                .filter(r -> !r.equals(settings.region())).isPresent();
    }

    private String regionHint(AwsServiceException e) {
        Optional<String> region = Optional.empty();
        if (e.awsErrorDetails() != null && e.awsErrorDetails().sdkHttpResponse() != null) {
            region = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader("x-amz-bucket-region");
        }
        if (region.isEmpty() && e.awsErrorDetails() != null && e.awsErrorDetails().errorMessage() != null) {
            Matcher m = EXPECTED_REGION.matcher(e.awsErrorDetails().errorMessage());
            if (m.find()) {
                region = Optional.of(m.group(1));
            }
        }
        return region.map(r -> "bucket '" + settings.bucket() + "' is in region " + r + ", not "
                        + settings.region() + "; set region=" + r)
                .orElse("bucket '" + settings.bucket() + "' is not served by " + settings.effectiveEndpoint()
                        + " in region " + settings.region() + "; set the bucket's region (region=...) or endpoint");
    }

    private static boolean isAuthProblem(int status, String code) {
        return status == 401 || switch (code) {
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "ExpiredToken", "InvalidToken",
                    "TokenRefreshRequired", "InvalidSecurity", "AuthorizationQueryParametersError" -> true;
            default -> false;
        };
    }

    private static boolean isThrottling(int status, String code) {
        String c = code.toLowerCase(Locale.ROOT);
        return status == 429 || c.equals("slowdown") || c.equals("throttling") || c.equals("toomanyrequests")
                || c.equals("requestlimitexceeded") || c.equals("throttlingexception");
    }

    /** The IAM permission an operation needs. */
    static String permission(Operation op) {
        return switch (op) {
            case GET, STAT, EXISTS, SIGNED_URL -> "s3:GetObject";
            case PUT -> "s3:PutObject (and s3:AbortMultipartUpload for large uploads)";
            case LIST -> "s3:ListBucket";
            case DELETE -> "s3:DeleteObject";
            case COPY -> "s3:GetObject on the source and s3:PutObject on the target";
            default -> "access";
        };
    }
}
