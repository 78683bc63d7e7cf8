package dev.stowage.sftp;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.Session;
import com.jcraft.jsch.SftpATTRS;
import com.jcraft.jsch.SftpException;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.FileSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One SSH connection with its SFTP channel, its working folder set to the store's root. Paths are relative to that
 * folder and quoted, because JSch expands {@code * ?} in paths. Links are never followed: stat does not follow
 * them, listings leave them out, and a path that goes through a linked folder is refused.
 * Used by one thread at a time (the pool sees to it).
 */
final class SftpSession implements FileSession {
    private final Session session;
    private final ChannelSftp channel;
    private final boolean posixRename;
    private final AtomicBoolean renameReplaces;

    SftpSession(Session session, ChannelSftp channel, boolean posixRename, AtomicBoolean renameReplaces) {
        this.session = session;
        this.channel = channel;
        this.posixRename = posixRename;
        this.renameReplaces = renameReplaces;
    }

    ChannelSftp channel() {
        return channel;
    }

    @Override
    public List<Entry> list(String folder) throws IOException {
        Vector<ChannelSftp.LsEntry> entries;
        try {
            entries = channel.ls(folder.isEmpty() ? "." : quote(folder));
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return List.of();
            }
            throw new SftpFailure("list", folder, e);
        }
        List<Entry> out = new ArrayList<>(entries.size());
        for (ChannelSftp.LsEntry e : entries) {
            String name = e.getFilename();
            SftpATTRS a = e.getAttrs();
            if (name.equals(".") || name.equals("..") || !a.isReg() && !a.isDir() && !a.isLink()) {
                continue; // devices, sockets and pipes are not objects
            }
            out.add(entry(name, e.getAttrs()));
        }
        // ls of a file answers the file itself: that is not a folder's content
        if (out.size() == 1 && !folder.isEmpty() && !out.get(0).directory()
                && out.get(0).name().equals(folder.substring(folder.lastIndexOf('/') + 1))) {
            Entry self = stat(folder);
            if (self == null || !self.directory()) {
                return List.of();
            }
        }
        return out;
    }

    private static Entry entry(String name, SftpATTRS a) {
        return new Entry(name, a.isDir(), a.isLink(), a.isDir() ? 0 : a.getSize(),
                Instant.ofEpochSecond(Integer.toUnsignedLong(a.getMTime())));
    }

    @Override
    public Entry stat(String path) throws IOException {
        checkNoLinks(path);
        try {
            SftpATTRS a = channel.lstat(quote(path));
            if (!a.isReg() && !a.isDir() && !a.isLink()) {
                return null; // not a file or folder (some servers answer a path below a file with empty attributes)
            }
            return entry(path.substring(path.lastIndexOf('/') + 1), a);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return null;
            }
            throw new SftpFailure("stat", path, e);
        }
    }

    @Override
    public boolean mkdir(String path) throws IOException {
        checkNoLinks(path);
        try {
            channel.mkdir(quote(path));
            return true;
        } catch (SftpException e) {
            return false; // exists, or cannot be made: the caller looks at what is there
        }
    }

    @Override
    public boolean rmdir(String path) {
        try {
            channel.rmdir(quote(path));
            return true;
        } catch (SftpException e) {
            return false;
        }
    }

    @Override
    public OutputStream create(String path) throws IOException {
        checkNoLinks(path);
        try {
            return channel.put(quote(path), ChannelSftp.OVERWRITE);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new NoSuchFileException(path, null, "its folder does not exist");
            }
            throw new SftpFailure("write", path, e);
        }
    }

    @Override
    public InputStream read(String path, long offset) throws IOException {
        checkNoLinks(path);
        try {
            return channel.get(quote(path), null, offset);
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                throw new NoSuchFileException(path);
            }
            throw new SftpFailure("read", path, e);
        }
    }

    @Override
    public void rename(String from, String to) throws IOException {
        try {
            // with posix-rename@openssh.com JSch replaces the target atomically
            channel.rename(quote(from), quote(to));
            return;
        } catch (SftpException e) {
            if (posixRename || stat(to) == null) {
                throw new SftpFailure("rename to", to, e);
            }
        }
        // SFTP v3 rename refuses an existing target: delete it first (not atomic; readers look again)
        renameReplaces.set(false);
        for (int attempt = 1; ; attempt++) {
            delete(to);
            try {
                channel.rename(quote(from), quote(to));
                return;
            } catch (SftpException e) {
                if (attempt >= 5) {
                    throw new SftpFailure("rename to", to, e);
                }
            }
        }
    }

    @Override
    public boolean delete(String path) throws IOException {
        try {
            channel.rm(quote(path));
            return true;
        } catch (SftpException e) {
            if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                return false;
            }
            Entry there = stat(path);
            if (there == null || there.directory()) {
                return false; // nothing to delete (a path below a file), or a folder: not an object
            }
            throw new SftpFailure("delete", path, e);
        }
    }

    @Override
    public boolean replacesAtomically() {
        return posixRename && renameReplaces.get();
    }

    /**
     * Refuses a path that goes through a link: links are not followed, so that no key can reach files outside
     * the root. Each folder on the way is looked at without following it; keys are seldom deep.
     */
    private void checkNoLinks(String path) throws IOException {
        int slash = path.indexOf('/');
        while (slash >= 0) {
            String folder = path.substring(0, slash);
            SftpATTRS a;
            try {
                a = channel.lstat(quote(folder));
            } catch (SftpException e) {
                if (e.id == ChannelSftp.SSH_FX_NO_SUCH_FILE) {
                    return; // nothing further down exists yet
                }
                throw new SftpFailure("stat", folder, e);
            }
            if (a.isLink()) {
                throw StorageException.builder(ErrorCode.PERMISSION_DENIED, "the key's path goes through a link ('"
                        + folder + "')").hint("links are not followed, so that no key can reach files outside the "
                        + "store's root").build();
            }
            if (!a.isDir()) {
                return; // a file on the way: the operation itself fails
            }
            slash = path.indexOf('/', slash + 1);
        }
    }

    boolean isUsable() {
        if (!session.isConnected() || !channel.isConnected()) {
            return false;
        }
        try {
            channel.lstat(".");
            return true;
        } catch (SftpException e) {
            return false;
        }
    }

    void disconnect() {
        channel.disconnect();
        session.disconnect();
    }

    /** Escapes the characters JSch treats as glob patterns, so paths are taken literally. */
    static String quote(String path) {
        StringBuilder sb = new StringBuilder(path.length() + 8);
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            if (c == '\\' || c == '*' || c == '?') {
                sb.append('\\');
            }
            sb.append(c);
        }
        return sb.toString();
    }
}
