package dev.stowage;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a store does natively. The portable layer fills gaps where it can (copy by read + write) and
 * answers {@link ErrorCode#UNSUPPORTED} where it cannot; the conformance kit reads this to decide what to test.
 *
 * @param rangeRead        reads a byte range without fetching the whole object
 * @param serverSideCopy   copies without moving the bytes through the client
 * @param conditionalPut   honours {@code ifNoneMatch("*")} and {@code ifMatch} atomically
 * @param signedUrl        issues temporary signed URLs
 * @param publicUrl        has a URL a browser can fetch (configured or known)
 * @param multipartUpload  uploads large or unknown-length content in parts
 * @param userMetadata     stores user metadata with an object
 * @param contentType      stores the content type with an object
 * @param cacheControl     stores a Cache-Control value with an object
 * @param trueDirectories  has real directories (file systems, FTP, SFTP) rather than flat keys
 * @param readOnly         refuses every write
 * @param digests          whole-object digests the backend reports for what it stored (for some or all objects),
 *                         which writes and whole reads are checked against; empty when it reports none, and then
 *                         only sizes are checked
 * @param requestAttempts  how many times the driver's SDK sends each failing request before it gives up (its own
 *                         retries, the {@code maxAttempts} option); 1 when it does not retry. Retries happen at one
 *                         level: {@link dev.stowage.layer.Layers#retry} refuses a store whose SDK already retries
 * @param looseKeys        holds keys that are not clean paths, as object stores do: folder markers ending with
 *                         {@code /} (as the S3 console makes them) and keys with empty segments ({@code a//b}). Never
 *                         with true directories; by default every store without them (B2 refuses such names)
 */
public record Capabilities(boolean rangeRead, boolean serverSideCopy, boolean conditionalPut, boolean signedUrl,
                           boolean publicUrl, boolean multipartUpload, boolean userMetadata, boolean contentType,
                           boolean cacheControl, boolean trueDirectories, boolean readOnly,
                           Set<DigestAlgorithm> digests, int requestAttempts, boolean looseKeys) {

    public Capabilities {
        if (looseKeys && trueDirectories) {
            throw new IllegalArgumentException("a store with true directories cannot hold loose keys ('k/', 'a//b')");
        }
        digests = digests == null || digests.isEmpty() ? Set.of()
                : java.util.Collections.unmodifiableSet(EnumSet.copyOf(digests));
        if (requestAttempts < 1) {
            throw new IllegalArgumentException("requestAttempts must be >= 1, was " + requestAttempts);
        }
    }

    /** Capabilities that hold loose keys exactly when there are no true directories. */
    public Capabilities(boolean rangeRead, boolean serverSideCopy, boolean conditionalPut, boolean signedUrl,
                        boolean publicUrl, boolean multipartUpload, boolean userMetadata, boolean contentType,
                        boolean cacheControl, boolean trueDirectories, boolean readOnly,
                        Set<DigestAlgorithm> digests, int requestAttempts) {
        this(rangeRead, serverSideCopy, conditionalPut, signedUrl, publicUrl, multipartUpload, userMetadata,
                contentType, cacheControl, trueDirectories, readOnly, digests, requestAttempts, !trueDirectories);
    }

    /** Capabilities of a driver that makes one attempt per request. */
    public Capabilities(boolean rangeRead, boolean serverSideCopy, boolean conditionalPut, boolean signedUrl,
                        boolean publicUrl, boolean multipartUpload, boolean userMetadata, boolean contentType,
                        boolean cacheControl, boolean trueDirectories, boolean readOnly,
                        Set<DigestAlgorithm> digests) {
        this(rangeRead, serverSideCopy, conditionalPut, signedUrl, publicUrl, multipartUpload, userMetadata,
                contentType, cacheControl, trueDirectories, readOnly, digests, 1);
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder().rangeRead(rangeRead).serverSideCopy(serverSideCopy).conditionalPut(conditionalPut)
                .signedUrl(signedUrl).publicUrl(publicUrl).multipartUpload(multipartUpload)
                .userMetadata(userMetadata).contentType(contentType).cacheControl(cacheControl)
                .trueDirectories(trueDirectories).readOnly(readOnly).digests(digests)
                .requestAttempts(requestAttempts).looseKeys(looseKeys);
    }

    /** Builds {@link Capabilities}; everything starts false, except loose keys, which follow true directories. */
    public static final class Builder {
        private boolean rangeRead;
        private boolean serverSideCopy;
        private boolean conditionalPut;
        private boolean signedUrl;
        private boolean publicUrl;
        private boolean multipartUpload;
        private boolean userMetadata;
        private boolean contentType;
        private boolean cacheControl;
        private boolean trueDirectories;
        private boolean readOnly;
        private Set<DigestAlgorithm> digests = Set.of();
        private int requestAttempts = 1;
        private Boolean looseKeys;

        private Builder() {
        }

        public Builder rangeRead(boolean v) {
            rangeRead = v;
            return this;
        }

        public Builder serverSideCopy(boolean v) {
            serverSideCopy = v;
            return this;
        }

        public Builder conditionalPut(boolean v) {
            conditionalPut = v;
            return this;
        }

        public Builder signedUrl(boolean v) {
            signedUrl = v;
            return this;
        }

        public Builder publicUrl(boolean v) {
            publicUrl = v;
            return this;
        }

        public Builder multipartUpload(boolean v) {
            multipartUpload = v;
            return this;
        }

        public Builder userMetadata(boolean v) {
            userMetadata = v;
            return this;
        }

        public Builder contentType(boolean v) {
            contentType = v;
            return this;
        }

        public Builder cacheControl(boolean v) {
            cacheControl = v;
            return this;
        }

        public Builder trueDirectories(boolean v) {
            trueDirectories = v;
            return this;
        }

        public Builder readOnly(boolean v) {
            readOnly = v;
            return this;
        }

        public Builder digests(Set<DigestAlgorithm> v) {
            digests = v;
            return this;
        }

        public Builder digests(DigestAlgorithm... v) {
            digests = Set.of(v);
            return this;
        }

        /** How many times the driver's SDK sends each failing request (1: no SDK retries). */
        public Builder requestAttempts(int v) {
            requestAttempts = v;
            return this;
        }

        /** Whether keys like {@code photos/} and {@code a//b} are held; unset, exactly when there are no true directories. */
        public Builder looseKeys(boolean v) {
            looseKeys = v;
            return this;
        }

        public Capabilities build() {
            return new Capabilities(rangeRead, serverSideCopy, conditionalPut, signedUrl, publicUrl, multipartUpload,
                    userMetadata, contentType, cacheControl, trueDirectories, readOnly, digests, requestAttempts,
                    looseKeys == null ? !trueDirectories : looseKeys);
        }
    }
}
