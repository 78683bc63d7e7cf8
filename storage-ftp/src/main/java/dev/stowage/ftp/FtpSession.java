package dev.stowage.ftp;

import dev.stowage.spi.EndTrackingInputStream;
import dev.stowage.spi.FileSession;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.net.ftp.FTPClient;
import org.apache.commons.net.ftp.FTPFile;
import org.apache.commons.net.ftp.FTPReply;

/**
 * One logged-in FTP control connection, its working folder set to the store's root, in binary mode. Paths are
 * relative to that folder. Used by one thread at a time (the pool sees to it).
 *
 * <p>Long paths are reached by changing folder first, because servers limit the length of a command line
 * (Apache FtpServer drops lines over 1024 bytes); paths with glob characters are listed the same way, because
 * servers expand {@code * ? [} in MLST/MLSD/LIST arguments.
 */
final class FtpSession implements FileSession {
    private final FTPClient client;
    private final boolean mlst;
    /** Whether the server's MLST gives the type fact: an answer without one then tells of a file that went away. */
    private final boolean mlstTypes;
    /** No MLST and a Unix server: LIST and STAT answer in ls form and take ls options (see UnixListing). */
    private final boolean lsStyle;
    private final String home;
    private final AtomicBoolean renameReplaces;
    private boolean away;

    /**
     * @param client         the logged-in client, in the root folder
     * @param mlst           whether the server has MLST/MLSD
     * @param mlstTypes      whether its MLST/MLSD answers give the type fact (FEAT lists it)
     * @param lsStyle        whether, without MLST, the server is a Unix one whose LIST takes ls options
     * @param home           the root folder's absolute path, to return to
     * @param renameReplaces shared by the store's sessions: whether the server renames onto existing files
     */
    FtpSession(FTPClient client, boolean mlst, boolean mlstTypes, boolean lsStyle, String home,
            AtomicBoolean renameReplaces) {
        this.client = client;
        this.mlst = mlst;
        this.mlstTypes = mlst && mlstTypes;
        this.lsStyle = lsStyle && !mlst;
        this.home = home;
        this.renameReplaces = renameReplaces;
    }

    FTPClient client() {
        return client;
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
        if (!folder.isEmpty() && (FtpPaths.isLong(folder) || FtpPaths.hasGlob(folder))) {
            if (!enter(folder)) {
                leave();
                return List.of();
            }
            try {
                return listHere(null);
            } finally {
                leave();
            }
        }
        return listHere(folder.isEmpty() ? null : folder);
    }

    private List<Entry> listHere(String folder) throws IOException {
        FTPFile[] files = mlst ? client.mlistDir(folder)
                : client.listFiles(lsStyle ? UnixListing.argument(folder == null ? "" : folder) : folder);
        int reply = client.getReplyCode();
        if (!FTPReply.isPositiveCompletion(reply)) {
            if (isMissing(reply)) {
                return List.of(); // no such folder
            }
            throw failure("LIST " + folder);
        }
        List<Entry> out = new ArrayList<>(files.length);
        for (FTPFile f : files) {
            if (f == null || f.getName() == null) {
                continue;
            }
            String name = f.getName();
            int slash = name.lastIndexOf('/');
            if (slash >= 0) {
                name = name.substring(slash + 1); // some servers answer with paths
            }
            if (name.isEmpty() || name.equals(".") || name.equals("..") || vanished(f)) {
                continue;
            }
            out.add(FtpPaths.entry(name, f));
        }
        return out;
    }

    @Override
    public Entry stat(String path) throws IOException {
        String name = FtpPaths.nameOf(path);
        if (lsStyle) {
            return statByStatus(path);
        }
        if (mlst && !FtpPaths.isLong(path) && !FtpPaths.hasGlob(path)) {
            FTPFile f = client.mlistFile(path);
            if (f == null) {
                if (isMissing(client.getReplyCode())) {
                    return null;
                }
                throw failure("MLST " + path);
            }
            return vanished(f) ? null : FtpPaths.entry(name, f);
        }
        // no MLST, or a path MLST cannot take: find the entry in its folder's listing
        for (Entry e : list(FtpPaths.parentOf(path))) {
            if (e.name().equals(name)) {
                if (!mlst && !e.directory() && !e.link()) {
                    // LIST times are coarse; MDTM gives the exact one, so ETags match between list and stat
                    Instant mdtm = client.mdtmInstant(path);
                    return new Entry(name, false, false, e.size(), mdtm != null ? mdtm : e.lastModified());
                }
                return e;
            }
        }
        return null;
    }

    /**
     * Stat on a server without MLST: STAT over the control connection (no data connection), then MDTM for the exact
     * time of a file, since ls times are to the minute. A folder's STAT lists its content, so whether a folder is
     * really a link is read from its parent's.
     */
    private Entry statByStatus(String path) throws IOException {
        String target = reach(path);
        try {
            if (target == null) {
                return null;
            }
            Entry e = UnixListing.find(status(target), FtpPaths.nameOf(target));
            if (e != null && e.directory()) {
                e = UnixListing.find(status(FtpPaths.parentOf(target)).stream().filter(f -> !".".equals(f.getName()))
                        .toList(), FtpPaths.nameOf(target));
            }
            if (e == null || e.directory() || e.link()) {
                return e == null ? null : new Entry(FtpPaths.nameOf(path), e.directory(), e.link(), e.size(), e.lastModified());
            }
            Instant exact = client.mdtmInstant(target);
            if (exact == null) {
                return null; // gone since the STAT
            }
            return new Entry(FtpPaths.nameOf(path), false, false, e.size(), exact);
        } finally {
            leave();
        }
    }

    private List<FTPFile> status(String target) throws IOException {
        int reply = client.sendCommand("STAT", UnixListing.argument(target));
        if (!FTPReply.isPositiveCompletion(reply)) {
            throw failure("STAT " + target);
        }
        return UnixListing.parseStatus(client.getReplyStrings());
    }

    @Override
    public Entry refine(String path, Entry listed) throws IOException {
        if (!lsStyle || listed.directory() || listed.link()) {
            return listed;
        }
        String target = reach(path);
        try {
            Instant exact = target == null ? null : client.mdtmInstant(target);
            return exact == null ? null : UnixListing.withTime(listed, exact);
        } finally {
            leave();
        }
    }

    @Override
    public boolean mkdir(String path) throws IOException {
        String target = reach(path);
        try {
            return target != null && client.makeDirectory(target);
        } finally {
            leave();
        }
    }

    @Override
    public boolean rmdir(String path) throws IOException {
        String target = reach(path);
        try {
            return target != null && client.removeDirectory(target);
        } finally {
            leave();
        }
    }

    @Override
    public OutputStream create(String path) throws IOException {
        String target = reach(path);
        OutputStream out;
        try {
            out = target == null ? null : client.storeFileStream(target);
        } catch (IOException | RuntimeException e) {
            leave();
            throw e;
        }
        if (out == null) {
            IOException failure = target == null ? new NoSuchFileException(path, null, "no such folder")
                    : failure("STOR " + path);
            leave();
            if (target != null && folderVanished(path)) {
                // a delete elsewhere removed the folder it left empty after it was entered (pure-ftpd answers
                // "553 Can't open that file: No such file or directory"): said as missing, so it is made again
                NoSuchFileException missing = new NoSuchFileException(path, null, "its folder was removed");
                missing.initCause(failure);
                throw missing;
            }
            throw failure;
        }
        return new FilterOutputStream(out) {
            private boolean closed;

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                out.write(b, off, len);
            }

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                out.close();
                boolean ok = client.completePendingCommand();
                FtpReplyException failure = ok ? null : failure("STOR " + path);
                leave();
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    @Override
    public InputStream read(String path, long offset) throws IOException {
        String target = reach(path);
        InputStream in;
        try {
            client.setRestartOffset(offset); // REST before RETR; reset by the client after the transfer starts
            in = target == null ? null : client.retrieveFileStream(target);
        } catch (IOException | RuntimeException e) {
            leave();
            throw e;
        }
        if (in == null) {
            client.setRestartOffset(0);
            IOException failure = target == null || isMissing(client.getReplyCode())
                    ? new NoSuchFileException(path, null, client.getReplyString()) : failure("RETR " + path);
            leave();
            throw failure;
        }
        return new EndTrackingInputStream(in) {
            private boolean closed;

            @Override
            public void close() throws IOException {
                if (closed) {
                    return;
                }
                closed = true;
                // Closing the data connection early ends the transfer; the server then answers 426 (or 226 if it
                // had already sent everything). Either way the control connection is in step again. The reply is
                // read even when closing the data connection failed (a TLS close can), or it would stay unread.
                IOException closeFailure = null;
                try {
                    in.close();
                } catch (IOException e) {
                    closeFailure = e;
                }
                boolean ok = client.completePendingCommand();
                IOException failure = closeFailure != null ? closeFailure : ok || !ended() ? null : failure("RETR " + path);
                leave();
                if (failure != null) {
                    throw failure;
                }
            }
        };
    }

    @Override
    public void rename(String from, String to) throws IOException {
        String source = from;
        String target = to;
        if (FtpPaths.isLong(from) || FtpPaths.isLong(to)) {
            if (!FtpPaths.parentOf(from).equals(FtpPaths.parentOf(to))) {
                throw new IOException("cannot rename across folders with paths this long");
            }
            String parent = FtpPaths.parentOf(from);
            source = parent.isEmpty() || enter(parent) ? FtpPaths.nameOf(from) : null;
            target = FtpPaths.nameOf(to);
        }
        try {
            if (source == null) {
                throw new NoSuchFileException(from);
            }
            // Servers that refuse to rename onto an existing file (Apache FtpServer) get delete + rename; another
            // writer may slip its own file in between, so this is tried a few times.
            for (int attempt = 1; ; attempt++) {
                if (client.rename(source, target)) {
                    return;
                }
                FtpReplyException refused = failure("RNFR/RNTO " + from + " -> " + to);
                if (attempt >= 5) {
                    throw refused;
                }
                renameReplaces.set(false); // before the delete, so that readers know to look again
                if (!client.deleteFile(target) && !isMissing(client.getReplyCode())
                        && client.getReplyCode() != FTPReply.FILE_ACTION_NOT_TAKEN) {
                    throw refused;
                }
            }
        } finally {
            leave();
        }
    }

    @Override
    public boolean delete(String path) throws IOException {
        String target = reach(path);
        try {
            if (target == null) {
                return false;
            }
            if (client.deleteFile(target)) {
                return true;
            }
            if (isMissing(client.getReplyCode()) || client.getReplyCode() == FTPReply.FILE_ACTION_NOT_TAKEN) {
                return false; // the caller checks with stat whether there was a file
            }
            throw failure("DELE " + path);
        } finally {
            leave();
        }
    }

    @Override
    public boolean replacesAtomically() {
        return renameReplaces.get();
    }

    /**
     * The path to send for a command on {@code path}: the path itself when short, else its name after changing
     * into its folder ({@link #leave()} returns). {@code null} when the folder does not exist.
     */
    private String reach(String path) throws IOException {
        if (!FtpPaths.isLong(path)) {
            return path;
        }
        String parent = FtpPaths.parentOf(path);
        return parent.isEmpty() || enter(parent) ? FtpPaths.nameOf(path) : null;
    }

    /** Changes into a folder below the root one segment at a time; false when a segment is missing. */
    private boolean enter(String folder) throws IOException {
        away = true;
        for (String segment : folder.split("/")) {
            if (!client.changeWorkingDirectory(segment)) {
                return false;
            }
        }
        return true;
    }

    /** Returns to the root folder after {@link #enter}. */
    private void leave() throws IOException {
        if (away) {
            if (!client.changeWorkingDirectory(home)) {
                throw failure("CWD " + home);
            }
            away = false;
        }
    }

    boolean isUsable() {
        try {
            return client.isConnected() && client.sendNoOp();
        } catch (IOException e) {
            return false;
        }
    }

    void disconnect() {
        try {
            if (client.isConnected()) {
                client.disconnect();
            }
        } catch (IOException ignored) {
            // discarding the connection anyway
        }
    }

    /**
     * Whether an MLST/MLSD entry describes a file that went away while the server answered. Apache FtpServer checks
     * that a path exists and then reads each fact from the path in turn: a file deleted in between (the delete of an
     * overwrite by delete + rename) is answered as "Size=0;Modify=19700101000000;Perm=; name", with no type, which
     * would otherwise read as an empty file.
     */
    private boolean vanished(FTPFile f) {
        return mlstTypes && f.getType() == FTPFile.UNKNOWN_TYPE;
    }

    /** Whether the folder of {@code path} is gone, looked at after a refused STOR. */
    private boolean folderVanished(String path) throws IOException {
        String parent = FtpPaths.parentOf(path);
        if (parent.isEmpty()) {
            return false;
        }
        Entry e = stat(parent);
        return e == null || !e.directory();
    }

    /** 550 is "no such file"; some servers (Apache FtpServer) answer 501 "not a valid pathname" instead. */
    private static boolean isMissing(int reply) {
        return reply == FTPReply.FILE_UNAVAILABLE || reply == FTPReply.SYNTAX_ERROR_IN_ARGUMENTS;
    }

    private FtpReplyException failure(String command) {
        return new FtpReplyException(command, client.getReplyCode(), client.getReplyString());
    }
}
