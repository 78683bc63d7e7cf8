package dev.stowage.ftp;

import dev.stowage.spi.FileSession.Entry;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.parser.UnixFTPEntryParser;

/**
 * Reading what servers without MLST (vsftpd) say about paths in {@code ls -l} form, and the path forms that keep
 * such servers from reading a name as {@code ls} options. vsftpd takes a LIST or STAT argument starting with '-' as
 * options ({@code LIST -l} lists the folder, not a file named "-l") and leaves dotfiles out unless asked with
 * {@code -a} (its default {@code force_dot_files=NO}); both are avoided by always sending {@code -a ./path}.
 */
final class UnixListing {
    private UnixListing() {
    }

    /** The argument for LIST or STAT on {@code path} (relative to the working folder; "" for the folder itself). */
    static String argument(String path) {
        return path.isEmpty() ? "-a ." : "-a ./" + path;
    }

    /** The entries in a multi-line STAT reply (its first and last lines are the reply's frame). */
    static List<FTPFile> parseStatus(String[] replyLines) {
        UnixFTPEntryParser parser = new UnixFTPEntryParser();
        List<FTPFile> out = new ArrayList<>();
        for (int i = 1; i < replyLines.length - 1; i++) {
            String line = replyLines[i].strip().isEmpty() ? null : replyLines[i];
            FTPFile f = line == null ? null : parser.parseFTPEntry(stripIndent(line));
            if (f != null && f.getName() != null) {
                out.add(f);
            }
        }
        return out;
    }

    private static String stripIndent(String line) {
        // RFC 959 lets a multi-line reply's inner lines start with a space; ls lines do not
        return line.startsWith(" ") ? line.substring(1) : line;
    }

    /**
     * What a STAT of {@code name} (a path's last segment) found: a folder when the listing holds its own "." entry
     * (a folder's STAT lists its content), the entry named {@code name} otherwise, {@code null} when neither.
     */
    static Entry find(List<FTPFile> files, String name) {
        for (FTPFile f : files) {
            if (".".equals(f.getName())) {
                return new Entry(name, true, false, 0, null);
            }
        }
        for (FTPFile f : files) {
            if (name.equals(f.getName())) {
                return new Entry(name, f.isDirectory(), f.isSymbolicLink(), f.isDirectory() ? 0 : Math.max(0,
                        f.getSize()), f.getTimestampInstant());
            }
        }
        return null;
    }

    /** An entry with the exact time MDTM gave. */
    static Entry withTime(Entry e, Instant time) {
        return new Entry(e.name(), e.directory(), e.link(), e.size(), time, e.version());
    }
}
