package dev.stowage.b2.internal;

import java.time.Duration;

/**
 * The settings of one B2 store, resolved from its configuration.
 *
 * @param bucket           the bucket's name
 * @param partSize         the part size of large-file uploads, in bytes
 * @param hideOnDelete     whether delete hides the file name (keeping its versions) instead of deleting every version
 * @param credentialSource where the application key came from, for error hints (never the secret)
 * @param requestTimeout   the longest wait of a download for its response headers, and for each read of its body
 * @param requestAttempts  how many times the SDK sends a failing request ({@code maxAttempts})
 */
public record B2Settings(String bucket, int partSize, boolean hideOnDelete, String credentialSource,
                         Duration requestTimeout, int requestAttempts) {
    /** B2's smallest part of a large file (every part but the last). */
    public static final int MIN_PART_SIZE = 5 * 1000 * 1000;
}
