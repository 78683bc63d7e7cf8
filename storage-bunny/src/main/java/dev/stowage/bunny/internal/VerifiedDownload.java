package dev.stowage.bunny.internal;

import dev.stowage.DigestAlgorithm;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.DigestingInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Set;

/**
 * A whole-object download whose SHA-256 is compared, at its end, with the {@code Checksum} Bunny reported for the
 * file. The lookup and the download are two requests, so an overwrite between them also changes the bytes: on a
 * mismatch the file is looked up again, and only when Bunny still reports the same file (checksum and {@code LastChanged},
 * so that an overwrite back to the same content is not mistaken for no overwrite) is the read failed as CORRUPT_DATA.
 */
final class VerifiedDownload extends FilterInputStream {
    /** Whether the object is still the version listed before the download. */
    @FunctionalInterface
    interface Unchanged {
        boolean check() throws Exception;
    }

    private final DigestingInputStream digesting;
    private final String expected;
    private final Unchanged unchanged;
    private boolean checked;

    VerifiedDownload(InputStream in, String expectedSha256, Unchanged unchanged) {
        this(new DigestingInputStream(in, Set.of(DigestAlgorithm.SHA256)), expectedSha256, unchanged);
    }

    private VerifiedDownload(DigestingInputStream in, String expectedSha256, Unchanged unchanged) {
        super(in);
        this.digesting = in;
        this.expected = expectedSha256;
        this.unchanged = unchanged;
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b < 0) {
            check();
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n < 0) {
            check();
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        return digesting.skip(n); // read and hashed, so the check still covers every byte
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    private void check() {
        if (checked) {
            return;
        }
        checked = true;
        String actual = digesting.digests().get(DigestAlgorithm.SHA256).orElseThrow();
        if (actual.equals(expected)) {
            return;
        }
        boolean same;
        try {
            same = unchanged.check();
        } catch (Exception e) {
            same = true; // cannot tell an overwrite from corruption: report the mismatch
        }
        if (same) {
            throw StorageException.builder(ErrorCode.CORRUPT_DATA, "the downloaded bytes have SHA-256 " + actual
                    + ", but Bunny Storage reports Checksum " + expected).retryable(true)
                    .hint("the bytes were changed on the way, or the stored file is damaged; read again, and "
                            + "if it persists, write the object again").build();
        }
        // the object was overwritten while it was being read: these bytes are one whole version of it
    }
}
