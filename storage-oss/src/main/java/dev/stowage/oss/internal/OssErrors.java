package dev.stowage.oss.internal;

import com.aliyun.oss.ClientException;
import com.aliyun.oss.InconsistentException;
import com.aliyun.oss.OSSException;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Maps the OSS SDK's failures to portable codes, with hints that name the bucket, permission or credential source. */
final class OssErrors {
    private static final Pattern ENDPOINT = Pattern.compile("<Endpoint>([^<]+)</Endpoint>");

    private final OssSettings settings;

    OssErrors(OssSettings settings) {
        this.settings = settings;
    }

    StorageException translate(Operation operation, Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        if (failure instanceof InconsistentException e) {
            return build(ErrorCode.CORRUPT_DATA, "the CRC-64 of the data does not match the one OSS computed",
                    "the data was damaged in transit; try again", e);
        }
        if (failure instanceof OSSException e) {
            return service(operation, e);
        }
        if (failure instanceof ClientException e) {
            return client(e);
        }
        return Errors.classify(failure);
    }

    private StorageException service(Operation operation, OSSException e) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode();
        String detail = "OSS " + code + (e.getErrorMessage() == null ? "" : ": " + e.getErrorMessage())
                + (e.getRequestId() == null ? "" : " (request " + e.getRequestId() + ")");
        String bucket = settings.bucket();
        return switch (code) {
            case "NoSuchKey" -> build(ErrorCode.NOT_FOUND, "no object under this key", null, e);
            case "NoSuchBucket" -> build(ErrorCode.MISCONFIGURED, detail, "bucket '" + bucket
                    + "' does not exist at " + settings.endpoint() + "; check the bucket name and the endpoint", e);
            case "AccessDenied" -> accessDenied(operation, detail, e);
            case "InvalidAccessKeyId", "SignatureDoesNotMatch", "InvalidSecurityToken", "SecurityTokenExpired",
                 "AccessKeyDisabled" -> build(ErrorCode.UNAUTHENTICATED, detail, "OSS refused the credentials ("
                    + settings.credentialSource() + "); check the access key id, its secret and, for STS, "
                    + "that the securityToken has not expired", e);
            case "RequestTimeTooSkewed" -> build(ErrorCode.UNAUTHENTICATED, detail,
                    "this machine's clock is off by more than 15 minutes; synchronise it", e);
            case "InvalidRange" -> build(ErrorCode.INVALID_ARGUMENT, detail,
                    "the range starts at or past the end of the object", e);
            case "FileAlreadyExists", "PreconditionFailed" -> build(ErrorCode.PRECONDITION_FAILED, detail, null, e);
            case "InvalidObjectName", "InvalidArgument", "InvalidBucketName", "EntityTooLarge", "EntityTooSmall",
                 "InvalidPart", "InvalidPartOrder", "MalformedXML", "InvalidDigest", "KeyTooLong" ->
                    build(ErrorCode.INVALID_ARGUMENT, detail, null, e);
            case "NoSuchUpload" -> build(ErrorCode.UNAVAILABLE, detail,
                    "the multipart upload was aborted or expired while writing; write again", e);
            case "TooManyRequests", "SlowDown", "QpsLimitExceeded" -> build(ErrorCode.RATE_LIMITED, detail,
                    "OSS is throttling requests to bucket '" + bucket + "'; slow down or retry with backoff", e);
            case "InternalError", "ServiceUnavailable", "RequestTimeout" ->
                    build(ErrorCode.UNAVAILABLE, detail, null, e);
            case "NotImplemented", "MethodNotAllowed" -> build(ErrorCode.UNSUPPORTED, detail, null, e);
            default -> build(ErrorCode.INTERNAL, detail, null, e);
        };
    }

    private StorageException accessDenied(Operation operation, String detail, OSSException e) {
        String raw = e.getRawResponseError();
        Matcher m = raw == null ? null : ENDPOINT.matcher(raw);
        if (m != null && m.find()) {
            return build(ErrorCode.MISCONFIGURED, detail, "bucket '" + settings.bucket()
                    + "' must be reached through endpoint " + m.group(1) + "; set endpoint=https://" + m.group(1), e);
        }
        return build(ErrorCode.PERMISSION_DENIED, detail, "the credentials (" + settings.credentialSource()
                + ") lack " + permission(operation) + " on bucket '" + settings.bucket() + "'", e);
    }

    private static String permission(Operation operation) {
        if (operation == null) {
            return "the needed permission";
        }
        return switch (operation) {
            case PUT -> "oss:PutObject";
            case GET, STAT, EXISTS, SIGNED_URL -> "oss:GetObject";
            case LIST -> "oss:ListObjects";
            case DELETE -> "oss:DeleteObject";
            case COPY -> "oss:GetObject on the source and oss:PutObject on the target";
            default -> "the needed permission";
        };
    }

    private StorageException client(ClientException e) {
        String code = e.getErrorCode() == null ? "" : e.getErrorCode();
        Throwable cause = e.getCause();
        if (cause instanceof java.io.IOException && !code.equals("UnknownHost")) {
            StorageException se = Errors.classify(cause);
            return StorageException.builder(se.code(), "OSS request failed: " + Errors.describe(e)).hint(se.hint())
                    .cause(e).build();
        }
        return switch (code) {
            case "UnknownHost" -> build(ErrorCode.MISCONFIGURED, Errors.describe(e), "endpoint "
                    + settings.endpoint() + " does not resolve; check the endpoint option", e);
            case "ConnectionRefused" -> build(ErrorCode.UNAVAILABLE, Errors.describe(e), "nothing answers at "
                    + settings.endpoint(), e);
            case "NonRepeatableRequest" -> build(ErrorCode.UNAVAILABLE, Errors.describe(e),
                    "the write failed part-way and its one-shot stream cannot be sent again; retry with a "
                            + "repeatable source (bytes or a file)", e);
            case "ConnectionTimeout", "SocketTimeout", "SocketException", "InputStreamReadingAborted",
                 "SslException" -> build(ErrorCode.UNAVAILABLE, Errors.describe(e), null, e);
            default -> cause != null ? Errors.classify(cause).toBuilder().cause(e).build()
                    : build(ErrorCode.UNAVAILABLE, Errors.describe(e), null, e);
        };
    }

    private static StorageException build(ErrorCode code, String detail, String hint, Throwable cause) {
        return StorageException.builder(code, detail).hint(hint).cause(cause).build();
    }
}
