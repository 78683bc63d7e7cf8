package dev.stowage.s3.internal;

import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ETag;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.util.regex.Pattern;
import software.amazon.awssdk.services.s3.model.ServerSideEncryption;

/**
 * S3's rule for ETags as content digests: the ETag of an object written by one PutObject, and of each part of a
 * multipart upload, is the MD5 of its bytes, unless the object is encrypted with SSE-KMS or SSE-C (the response
 * says so) or the server is configured not to follow the rule ({@code md5Etags=false}). A multipart object's own
 * ETag is not a content digest.
 */
final class Md5Etags {
    private static final Pattern MD5_HEX = Pattern.compile("[0-9a-fA-F]{32}");

    private Md5Etags() {
    }

    /** The MD5 an unquoted ETag stands for, if it stands for one. */
    static Digests digests(S3Settings settings, String etag, ServerSideEncryption sse, String sseCustomerAlgorithm) {
        if (!settings.md5Etags() || etag == null || !MD5_HEX.matcher(etag).matches() || sseCustomerAlgorithm != null
                || sse == ServerSideEncryption.AWS_KMS || sse == ServerSideEncryption.AWS_KMS_DSSE) {
            return Digests.none();
        }
        return Digests.of(DigestAlgorithm.MD5, etag);
    }

    /**
     * Checks that the server stored {@code length} bytes of {@code data} as one part (or one whole object read into
     * memory): its ETag, where it is an MD5, must be theirs.
     *
     * @throws StorageException CORRUPT_DATA naming the part when it is not
     */
    static void check(S3Settings settings, String what, byte[] data, int length, String etag,
                      ServerSideEncryption sse, String sseCustomerAlgorithm) {
        Digests reported = digests(settings, ETag.normalize(etag), sse, sseCustomerAlgorithm);
        if (reported.isEmpty()) {
            return;
        }
        String sent = DigestAlgorithm.MD5.hex(data, 0, length);
        String stored = reported.get(DigestAlgorithm.MD5).orElseThrow();
        if (!sent.equals(stored)) {
            throw StorageException.builder(ErrorCode.CORRUPT_DATA, "the server reports MD5 " + stored + " for " + what
                            + " it stored, the " + length + " bytes sent have MD5 " + sent
                            + "; nothing was kept")
                    // the portable layer adds the store's key (this one carries the store's folder)
                    .operation(Operation.PUT).retryable(false)
                    .hint("the server does not store the bytes it is sent (it may not decode aws-chunked bodies); "
                            + "if its ETags are not MD5 digests of content, set md5Etags=false")
                    .build();
        }
    }
}
