package dev.stowage.ftp;

import dev.stowage.spi.FileSession.Entry;
import java.nio.charset.StandardCharsets;
import org.apache.commons.net.ftp.FTPFile;

/** Paths as FTP commands take them, and entries from what servers answer, for {@link FtpSession}. */
final class FtpPaths {
    /** Longest path sent inline in a command, in UTF-8 bytes. */
    private static final int MAX_INLINE_PATH = 480;

    private FtpPaths() {
    }

    static Entry entry(String name, FTPFile f) {
        return new Entry(name, f.isDirectory(), f.isSymbolicLink(), f.isDirectory() ? 0 : Math.max(0, f.getSize()),
                f.getTimestampInstant(), uniqueFact(f));
    }

    /**
     * MLST's {@code unique} fact (pure-ftpd: device and inode): a file renamed into place has a new one, so it tells
     * versions of one size written within one second apart.
     */
    private static String uniqueFact(FTPFile f) {
        String raw = f.getRawListing();
        if (raw == null) {
            return null;
        }
        int space = raw.indexOf(' ');
        String facts = space >= 0 ? raw.substring(0, space) : raw;
        for (String fact : facts.split(";")) {
            int eq = fact.indexOf('=');
            if (eq > 0 && fact.substring(0, eq).equalsIgnoreCase("unique")) {
                return fact.substring(eq + 1);
            }
        }
        return null;
    }

    /**
     * Whether FEAT's MLST line lists a fact, e.g. "type" in "Size;Modify;Type;Perm" or "type*;size*;" (a star marks
     * the facts given by default).
     *
     * @param values what FEAT gives after "MLST", or {@code null}
     */
    static boolean listsFact(String[] values, String fact) {
        if (values == null) {
            return false;
        }
        for (String value : values) {
            for (String listed : value.split(";")) {
                String name = listed.strip();
                if (name.endsWith("*")) {
                    name = name.substring(0, name.length() - 1);
                }
                if (name.equalsIgnoreCase(fact)) {
                    return true;
                }
            }
        }
        return false;
    }

    static boolean isLong(String path) {
        return path.length() > MAX_INLINE_PATH / 4 && path.getBytes(StandardCharsets.UTF_8).length > MAX_INLINE_PATH;
    }

    static boolean hasGlob(String path) {
        return path.indexOf('*') >= 0 || path.indexOf('?') >= 0 || path.indexOf('[') >= 0;
    }

    static String parentOf(String path) {
        int slash = path.lastIndexOf('/');
        return slash >= 0 ? path.substring(0, slash) : "";
    }

    static String nameOf(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
