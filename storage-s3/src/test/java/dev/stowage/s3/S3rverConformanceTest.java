package dev.stowage.s3;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.S3rverEmulator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The S3 driver against the whole conformance kit on a second, independent S3 server: s3rver (npm), a local process
 * over plain HTTP that does not decode aws-chunked bodies. What s3rver itself gets wrong is skipped, each with what
 * was seen.
 */
class S3rverConformanceTest extends BlobStoreContract {
    private static final String BUCKET = "conformance";
    private static S3rverEmulator s3rver;

    // What s3rver 3.7.1 itself gets wrong, seen in this suite (the driver and the same tests pass on S3Proxy):
    private static final String PAGING = "skipped: s3rver answers a listing continued from a page token with "
            + "HTTP 500 InternalError";
    private static final String EMPTY_RANGE = "skipped: s3rver answers a range of an empty object with "
            + "Content-Length 1 and no body";
    private static final String PRESIGN = "skipped: s3rver accepts a presigned URL whose signature was changed";
    private static final String TORN = "skipped: s3rver's GET can pair one version's ETag with another's body during "
            + "an overwrite; the driver's MD5 check reports it as CORRUPT_DATA, as it should";
    private static final String MIXED = "skipped: s3rver's concurrent overwrites of one key can leave one writer's "
            + "body stored under another writer's ETag after all of them have finished (seen in CI); the driver's MD5 "
            + "check reports the read as CORRUPT_DATA, as it should";
    private static final String SEGMENTS = "skipped: s3rver collapses 'a//b' into 'a/b'";

    @BeforeAll
    static void start() {
        s3rver = S3rverEmulator.startOrSkip(BUCKET);
    }

    @AfterAll
    static void stop() {
        if (s3rver != null) {
            s3rver.close();
        }
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return BlobStores.open("s3://" + BUCKET + "/" + namespace + "?endpoint=" + s3rver.endpoint()
                + "&pathStyle=true&region=us-east-1&accessKey=" + S3rverEmulator.ACCESS_KEY
                + "&secretKey=" + S3rverEmulator.SECRET_KEY);
    }

    @Test
    @Override
    public void listPaginatesWithPageSizeOne() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void listPaginatesAcrossNestedFolders() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void listStartAfterWithPrefixAndPaging() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void listingCanBeAbandonedAfterAFewEntries() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void listPaginatesWithPageSizeTwoOverAnOddCount() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void listIsLazyAndFetchesLaterPagesOnDemand() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void driverPagesHoldAtMostPageSizeEntriesAndOnlyTheLastEnds() {
        Assumptions.abort(PAGING);
    }

    @Test
    @Override
    public void zeroOffsetRangeOnEmptyObjectReturnsNothing() {
        Assumptions.abort(EMPTY_RANGE);
    }

    @Test
    @Override
    public void signedUrlWithTamperedSignatureIsRefused() {
        Assumptions.abort(PRESIGN);
    }

    @Test
    @Override
    public void concurrentOverwritesLeaveExactlyOneWrittenContent() {
        Assumptions.abort(MIXED);
    }

    @Test
    @Override
    public void readersDuringOverwritesSeeOldOrNewContentWhole() {
        Assumptions.abort(TORN);
    }

    @Test
    @Override
    public void keyWithEmptySegmentsIsHeldApartFromItsCollapsedFormWhereKeysAreLoose() {
        Assumptions.abort(SEGMENTS);
    }
}
