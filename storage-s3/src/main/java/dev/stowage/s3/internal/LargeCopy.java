package dev.stowage.s3.internal;

import dev.stowage.BlobInfo;
import dev.stowage.ETag;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompletedPart;

/**
 * Server-side copy of objects over 5 GiB, which CopyObject refuses: a multipart upload whose parts are
 * UploadPartCopy ranges of the source, a few in parallel, aborted on any failure.
 */
final class LargeCopy {
    /** 512 MiB parts: 5 TiB fits in 10,000 parts, and each part is one quick server-side request. */
    static final long PART = 512L * 1024 * 1024;

    private final S3Client s3;
    private final ExecutorService pool;
    private final String bucket;
    private final int concurrency;

    LargeCopy(S3Client s3, ExecutorService pool, String bucket, int concurrency) {
        this.s3 = s3;
        this.pool = pool;
        this.bucket = bucket;
        this.concurrency = concurrency;
    }

    /**
     * Copies and returns the target's ETag. Content type, cache control and metadata follow the source. Every request
     * is held to {@code bound}, the call's deadline; the abort of a failed copy gets a clean-up's grace.
     */
    String copy(String sourceKey, String targetKey, BlobInfo source, S3Requests.Bound bound) throws Exception {
        long partSize = Math.max(PART, (source.size() + MultipartUpload.MAX_PARTS - 1) / MultipartUpload.MAX_PARTS);
        String uploadId = s3.createMultipartUpload(c -> c.bucket(bucket).key(targetKey)
                .contentType(source.contentType()).cacheControl(source.cacheControl())
                .metadata(source.userMetadata()).overrideConfiguration(bound)).uploadId();
        try {
            List<CompletedPart> parts = new ArrayList<>();
            List<Future<CompletedPart>> batch = new ArrayList<>();
            int number = 1;
            for (long offset = 0; offset < source.size(); offset += partSize, number++) {
                int n = number;
                String range = "bytes=" + offset + "-" + (Math.min(offset + partSize, source.size()) - 1);
                batch.add(pool.submit(() -> CompletedPart.builder().partNumber(n).eTag(s3.uploadPartCopy(u -> u
                        .sourceBucket(bucket).sourceKey(sourceKey).destinationBucket(bucket).destinationKey(targetKey)
                        .uploadId(uploadId).partNumber(n).copySourceRange(range)
                        // Every part must come from the same version of the source.
                        .copySourceIfMatch(source.etag() == null ? null : ETag.header(source.etag()))
                        .overrideConfiguration(bound))
                        .copyPartResult().eTag()).build()));
                if (batch.size() == concurrency) {
                    drain(batch, parts);
                }
            }
            drain(batch, parts);
            return s3.completeMultipartUpload(c -> c.bucket(bucket).key(targetKey).uploadId(uploadId)
                    .multipartUpload(m -> m.parts(parts)).overrideConfiguration(bound)).eTag();
        } catch (Exception e) {
            bound.cleanUp(e, within -> s3.abortMultipartUpload(a -> a.bucket(bucket).key(targetKey)
                    .uploadId(uploadId).overrideConfiguration(within)));
            throw e;
        }
    }

    private static void drain(List<Future<CompletedPart>> batch, List<CompletedPart> parts) throws Exception {
        try {
            for (Future<CompletedPart> f : batch) {
                parts.add(f.get());
            }
        } finally {
            batch.forEach(f -> f.cancel(true));
            batch.clear();
        }
    }
}
