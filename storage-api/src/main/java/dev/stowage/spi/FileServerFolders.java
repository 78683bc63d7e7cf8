package dev.stowage.spi;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * Making the folders a write on a file server needs, for {@link FileServerDriver}: a delete elsewhere removes the
 * folders it leaves empty, possibly between making a folder and using it, so both steps are tried again.
 */
final class FileServerFolders {
    private FileServerFolders() {
    }

    static OutputStream createWithParents(FileSession s, String key, String tmp) throws IOException {
        String parent = parentOf(key);
        if (!parent.isEmpty()) {
            // some servers (FTP) accept the upload and only fail when writing, so folders are made first
            FileSession.Entry e = s.stat(parent.substring(0, parent.length() - 1));
            if (e == null || !e.directory() || e.link()) {
                mkdirs(s, parent);
            }
        }
        for (int attempt = 1; ; attempt++) {
            try {
                return s.create(tmp);
            } catch (StorageException e) {
                throw e;
            } catch (IOException e) {
                // A delete of the folder's last object removes the folder it leaves empty; when that happens between
                // making the folder and creating the file here, the folder is made again. Servers do not all say
                // "missing" (vsftpd: "553 Could not create file"), and another writer may have made the folder again
                // before the refusal can be looked into, so any refused create in a folder is tried again a few times.
                if (parent.isEmpty() || attempt >= 5) {
                    throw e;
                }
                mkdirs(s, parent);
            }
        }
    }

    /** Whether the folder {@code key} goes in is missing ("" for a key at the root: never). */
    static boolean folderMissing(FileSession s, String key) throws IOException {
        String parent = parentOf(key);
        if (parent.isEmpty()) {
            return false;
        }
        FileSession.Entry e = s.stat(parent.substring(0, parent.length() - 1));
        return e == null || !e.directory();
    }

    /** Makes the folders {@code key} goes in. */
    static void mkdirsFor(FileSession s, String key) throws IOException {
        String parent = parentOf(key);
        if (!parent.isEmpty()) {
            mkdirs(s, parent);
        }
    }

    private static void mkdirs(FileSession s, String folder) throws IOException {
        String[] segments = folder.split("/");
        // A delete elsewhere removes folders it leaves empty; one made here a moment ago may go before the next
        // level is made in it. Then the path is made again from the top, a few times.
        for (int attempt = 1; ; attempt++) {
            StringBuilder path = new StringBuilder();
            String vanished = null;
            for (String segment : segments) {
                if (path.length() > 0) {
                    path.append('/');
                }
                path.append(segment);
                String p = path.toString();
                if (!s.mkdir(p)) {
                    FileSession.Entry e = s.stat(p);
                    if (e == null) {
                        vanished = p;
                        break;
                    }
                    if (!e.directory() || e.link()) {
                        throw StorageException.builder(ErrorCode.ALREADY_EXISTS, "'" + p + "' is an object, so it "
                                + "cannot also be a folder").hint("a file server cannot hold both 'k' and 'k/...'; "
                                + "choose another key").build();
                    }
                }
            }
            if (vanished == null) {
                return;
            }
            if (attempt >= 5) {
                throw new IOException("could not create folder '" + vanished + "'");
            }
        }
    }

    /** "a/b/" for "a/b/c", "" for "c". */
    private static String parentOf(String key) {
        int slash = key.lastIndexOf('/');
        return slash >= 0 ? key.substring(0, slash + 1) : "";
    }
}
