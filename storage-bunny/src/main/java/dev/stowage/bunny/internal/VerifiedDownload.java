package dev.stowage.bunny.internal;

import dev.stowage.DigestAlgorithm;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.DigestingInputStream;
import java.io.InputStream;
import java.util.Set;

/**
 * A whole-object download whose SHA-256 is compared, at its end, with the {@code Checksum} Bunny reported for the
 * file. The lookup and the download are two requests, so an overwrite between them also changes the bytes: on a
 * mismatch the file is looked up again, and only when Bunny still reports the same file (checksum and {@code LastChanged},
 * so that an overwrite back to the same content is not mistaken for no overwrite) is the read failed as CORRUPT_DATA.
 */
final class VerifiedDownload {
    /** Whether the object is still the version listed before the download. */
    @FunctionalInterface
    interface Unchanged {
        boolean check() throws Exception;
    }

    private VerifiedDownload() {
    }

    static InputStream of(InputStream in, String expectedSha256, Unchanged unchanged) {
        return DigestingInputStream.checkedAtEnd(in, Set.of(DigestAlgorithm.SHA256), read -> {
            String actual = read.get(DigestAlgorithm.SHA256).orElseThrow();
            if (actual.equals(expectedSha256)) {
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
                                + ", but Bunny Storage reports Checksum " + expectedSha256).retryable(true)
                        .hint("the bytes were changed on the way, or the stored file is damaged; read again, and "
                                + "if it persists, write the object again").build();
            }
            // the object was overwritten while it was being read: these bytes are one whole version of it
        });
    }
}
