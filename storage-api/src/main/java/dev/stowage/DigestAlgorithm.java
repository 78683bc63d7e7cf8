package dev.stowage;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * A content digest a backend can check on upload or report for what it stored. Listed strongest first: where two
 * sides share several, the first shared one is compared.
 */
public enum DigestAlgorithm {
    SHA256("SHA-256", 32),
    SHA1("SHA-1", 20),
    MD5("MD5", 16),
    CRC32C("CRC32C", 4);

    private final String displayName;
    private final int bytes;

    DigestAlgorithm(String displayName, int bytes) {
        this.displayName = displayName;
        this.bytes = bytes;
    }

    /** The usual name, e.g. {@code SHA-256}. */
    public String displayName() {
        return displayName;
    }

    /** The digest's length in bytes. */
    public int length() {
        return bytes;
    }

    /** A fresh hasher for this algorithm. */
    public Hasher newHasher() {
        if (this == CRC32C) {
            return new ChecksumHasher(new CRC32C());
        }
        try {
            return new MessageDigestHasher(MessageDigest.getInstance(displayName));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(displayName + " is missing from this Java runtime", e);
        }
    }

    /** The digest of {@code length} bytes of {@code data} from {@code offset}, as lower-case hex. */
    public String hex(byte[] data, int offset, int length) {
        Hasher h = newHasher();
        h.update(data, offset, length);
        return java.util.HexFormat.of().formatHex(h.finish());
    }

    @Override
    public String toString() {
        return displayName;
    }

    /** Incremental computation of one digest. Not thread-safe. */
    public interface Hasher {
        void update(byte[] b, int off, int len);

        /** The digest of everything passed to {@link #update}; call once. */
        byte[] finish();
    }

    private record MessageDigestHasher(MessageDigest digest) implements Hasher {
        @Override
        public void update(byte[] b, int off, int len) {
            digest.update(b, off, len);
        }

        @Override
        public byte[] finish() {
            return digest.digest();
        }
    }

    private record ChecksumHasher(Checksum checksum) implements Hasher {
        @Override
        public void update(byte[] b, int off, int len) {
            checksum.update(b, off, len);
        }

        @Override
        public byte[] finish() {
            long v = checksum.getValue();
            return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v};
        }
    }
}
