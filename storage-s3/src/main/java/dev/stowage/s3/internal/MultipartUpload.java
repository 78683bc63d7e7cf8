package dev.stowage.s3.internal;

import dev.stowage.ETag;
import dev.stowage.PutOptions;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.CompleteMultipartUploadResponse;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.CreateMultipartUploadRequest;
import software.amazon.awssdk.services.s3.model.UploadPartResponse;

/**
 * One multipart upload of a stream: parts are read one at a time and uploaded in parallel, at most
 * {@code concurrency} in flight, so memory stays at {@code (concurrency + 1) × partSize} whatever the object's
 * size. Any failure aborts the upload, so no object and no orphaned upload remain.
 */
final class MultipartUpload {
    /** S3 allows at most this many parts. */
    static final int MAX_PARTS = 10_000;

    private final S3Client s3;
    private final ExecutorService pool;
    private final S3Settings settings;
    private final String bucket;
    private final String key;
    private final int partSize;
    private final int concurrency;
    /** The call's deadline, taken on the caller's thread: parts are sent from the pool's. */
    private final S3Requests.Bound bound;

    MultipartUpload(S3Client s3, ExecutorService pool, S3Settings settings, String key, int partSize,
                    S3Requests.Bound bound) {
        this.s3 = s3;
        this.pool = pool;
        this.settings = settings;
        this.bucket = settings.bucket();
        this.key = key;
        this.partSize = partSize;
        this.concurrency = settings.uploadConcurrency();
        this.bound = bound;
    }

    /**
     * Uploads {@code first} (already read, {@code firstLength} bytes) followed by the rest of {@code in}.
     *
     * @return the stored object's ETag and size
     */
    Result upload(byte[] first, int firstLength, InputStream in, PutOptions options)
            throws Exception {
        CreateMultipartUploadRequest.Builder create = CreateMultipartUploadRequest.builder().bucket(bucket).key(key)
                .contentType(S3Driver.contentType(options)).cacheControl(options.cacheControl())
                .overrideConfiguration(bound);
        if (!options.metadata().isEmpty()) {
            create.metadata(options.metadata());
        }
        String uploadId = s3.createMultipartUpload(create.build()).uploadId();
        try {
            long[] total = {0};
            List<CompletedPart> parts = uploadParts(uploadId, first, firstLength, in, total);
            long size = total[0];
            CompleteMultipartUploadRequest.Builder complete = CompleteMultipartUploadRequest.builder()
                    .bucket(bucket).key(key).uploadId(uploadId).multipartUpload(m -> m.parts(parts))
                    .overrideConfiguration(bound);
            if (options.ifNoneMatch() != null) {
                complete.ifNoneMatch(options.ifNoneMatch());
            }
            if (options.ifMatch() != null) {
                complete.ifMatch(ETag.header(options.ifMatch()));
            }
            CompleteMultipartUploadResponse done = s3.completeMultipartUpload(complete.build());
            return new Result(done.eTag(), size);
        } catch (Exception | Error e) {
            abort(uploadId, e);
            throw e;
        }
    }

    private List<CompletedPart> uploadParts(String uploadId, byte[] first, int firstLength, InputStream in,
                                            long[] total) throws Exception {
        // One permit per buffer: `concurrency` parts uploading plus the one being filled.
        Semaphore buffers = new Semaphore(concurrency + 1);
        ConcurrentLinkedQueue<byte[]> free = new ConcurrentLinkedQueue<>();
        ConcurrentSkipListMap<Integer, CompletedPart> done = new ConcurrentSkipListMap<>();
        AtomicReference<Throwable> failed = new AtomicReference<>();
        List<Future<?>> inFlight = new ArrayList<>();
        try {
            byte[] buffer = first;
            int length = firstLength;
            buffers.acquire();
            for (int partNumber = 1; ; partNumber++) {
                if (partNumber > MAX_PARTS) {
                    throw new IllegalArgumentException("the content needs more than " + MAX_PARTS + " parts of "
                            + partSize + " bytes; raise the partSize option");
                }
                int number = partNumber;
                byte[] part = buffer;
                int partLength = length;
                total[0] += partLength;
                inFlight.add(pool.submit(() -> {
                    try {
                        if (failed.get() == null) {
                            UploadPartResponse r = s3.uploadPart(u -> u.bucket(bucket).key(key).uploadId(uploadId)
                                            .partNumber(number).contentLength((long) partLength)
                                            .overrideConfiguration(bound),
                                    RequestBody.fromContentProvider(() -> new ByteArrayInputStream(part, 0, partLength),
                                            partLength, "application/octet-stream"));
                            Md5Etags.check(settings, "part " + number, part, partLength, r.eTag(),
                                    r.serverSideEncryption(), r.sseCustomerAlgorithm());
                            done.put(number, CompletedPart.builder().partNumber(number).eTag(r.eTag()).build());
                        }
                    } catch (Throwable t) {
                        failed.compareAndSet(null, t);
                    } finally {
                        free.add(part);
                        buffers.release();
                    }
                }));
                inFlight.removeIf(Future::isDone);
                buffers.acquire();
                if (failed.get() != null) {
                    buffers.release();
                    break;
                }
                buffer = free.poll();
                if (buffer == null) {
                    buffer = new byte[partSize];
                }
                length = readFully(in, buffer);
                if (length == 0) {
                    buffers.release();
                    break;
                }
            }
        } finally {
            for (Future<?> f : inFlight) {
                waitQuietly(f);
            }
        }
        Throwable t = failed.get();
        if (t instanceof Exception e) {
            throw e;
        }
        if (t instanceof Error e) {
            throw e;
        }
        return new ArrayList<>(done.values());
    }

    /** What a completed upload reports. */
    record Result(String etag, long size) {
    }

    private static void waitQuietly(Future<?> f) {
        boolean interrupted = false;
        while (true) {
            try {
                f.get();
                break;
            } catch (InterruptedException e) {
                interrupted = true;
            } catch (Exception ignored) {
                break; // tasks record their own failure
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Aborts the upload, even past the deadline (see {@link S3Requests#CLEAN_UP_GRACE}). */
    private void abort(String uploadId, Throwable failure) {
        bound.cleanUp(failure, within -> s3.abortMultipartUpload(r -> r.bucket(bucket).key(key).uploadId(uploadId)
                .overrideConfiguration(within)));
    }

    /** Fills {@code buffer} from {@code in}; returns fewer bytes only at the end of the stream. */
    static int readFully(InputStream in, byte[] buffer) throws IOException {
        int n = 0;
        while (n < buffer.length) {
            int r = in.read(buffer, n, buffer.length - n);
            if (r < 0) {
                break;
            }
            n += r;
        }
        return n;
    }
}
