package dev.stowage.spi;

import dev.stowage.BlobInfo;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * Lists a tree of folders (a file system, an FTP or SFTP server) as a flat key space, one page at a time, for
 * drivers of backends with real directories. The driver supplies one function, "the children of this folder";
 * this class applies prefix, delimiter, startAfter and the page size, and returns keys in UTF-8 byte order
 * ({@link KeyOrder}). Folders become common prefixes under a delimiter (only when they hold an object somewhere
 * below, as object stores show them) and are descended into without one.
 *
 * <p>Each page walks from the start again, skipping whole folders that sort before the resume point, so no state
 * is kept between pages and at most one folder's names per level are held at once. The page token is the last
 * key returned.
 */
public final class HierarchicalLister {

    /**
     * One child of a folder.
     *
     * @param name      the child's name (one path segment, no '/')
     * @param directory whether it is a folder
     * @param info      for an object: its metadata, or how to load it ({@code null} for a folder)
     */
    public record Child(String name, boolean directory, InfoSource info) {
        public Child {
            Objects.requireNonNull(name, "name");
            if (!directory) {
                Objects.requireNonNull(info, "info");
            }
        }

        /** A folder. */
        public static Child folder(String name) {
            return new Child(name, true, null);
        }

        /** An object whose metadata is known from the folder listing (its key is set by the lister). */
        public static Child object(String name, BlobInfo info) {
            Objects.requireNonNull(info, "info");
            return new Child(name, false, key -> info.withKey(key));
        }

        /** An object whose metadata is loaded only if it is returned. */
        public static Child object(String name, InfoSource info) {
            return new Child(name, false, info);
        }

        /** Folders sort as "name/", which is where their keys fall among the siblings' keys. */
        String sortKey() {
            return directory ? name + "/" : name;
        }
    }

    /** Loads an object's metadata when it is about to be listed. */
    @FunctionalInterface
    public interface InfoSource {
        /** The metadata for {@code key}, or {@code null} when the object went away meanwhile. */
        BlobInfo load(String key) throws Exception;
    }

    /** Reads one folder. */
    @FunctionalInterface
    public interface FolderReader {
        /**
         * The children of a folder, in any order, leaving out anything that is not part of the store (temporary
         * files, links leading elsewhere). An empty list when the folder does not exist.
         *
         * @param folder "" for the root, else the folder's key with a trailing '/' (e.g. {@code "a/b/"})
         */
        List<Child> children(String folder) throws Exception;
    }

    private final FolderReader reader;

    public HierarchicalLister(FolderReader reader) {
        this.reader = Objects.requireNonNull(reader, "reader");
    }

    /** One page of a listing, as {@link BlobStoreDriver#list} returns it. */
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        String startAfter = options.startAfter();
        if (pageToken != null && KeyOrder.isAfter(pageToken, startAfter)) {
            startAfter = pageToken;
        }
        String prefix = options.prefix();
        int slash = prefix.lastIndexOf('/');
        String folder = slash >= 0 ? prefix.substring(0, slash + 1) : "";
        String namePrefix = prefix.substring(slash + 1);
        List<ListEntry> out = new ArrayList<>(Math.min(options.pageSize(), 1000));
        boolean full = walk(folder, namePrefix, options.delimiter() != null, startAfter, out, options.pageSize());
        return new ListPage(out, full ? out.get(out.size() - 1).key() : null);
    }

    /** Returns true when the page filled up (there may be more). */
    private boolean walk(String folder, String namePrefix, boolean delimited, String startAfter,
                         List<ListEntry> out, int limit) throws Exception {
        for (Child child : sortedChildren(folder, namePrefix)) {
            String key = folder + child.name();
            if (child.directory()) {
                String folderKey = key + "/";
                if (delimited) {
                    if (KeyOrder.isAfter(folderKey, startAfter) && hasObjects(folderKey)) {
                        out.add(ListEntry.ofPrefix(folderKey));
                    }
                } else if (startAfter == null || startAfter.startsWith(folderKey)
                        || KeyOrder.compare(folderKey, startAfter) > 0) {
                    // a folder sorting before startAfter (and not containing it) holds only keys before it
                    if (walk(folderKey, "", false, startAfter, out, limit)) {
                        return true;
                    }
                }
            } else if (KeyOrder.isAfter(key, startAfter)) {
                BlobInfo info = child.info().load(key);
                if (info == null) {
                    continue; // deleted while listing
                }
                out.add(ListEntry.ofBlob(info.withKey(key)));
            }
            if (out.size() >= limit) {
                return true;
            }
        }
        return false;
    }

    private List<Child> sortedChildren(String folder, String namePrefix) throws Exception {
        List<Child> children = new ArrayList<>();
        for (Child c : reader.children(folder)) {
            if (c.name().startsWith(namePrefix)) {
                children.add(c);
            }
        }
        children.sort(Comparator.comparing(Child::sortKey, KeyOrder.UTF8));
        return children;
    }

    /** Whether a folder holds an object at any depth; stops at the first one found. */
    private boolean hasObjects(String folder) throws Exception {
        List<Child> children = reader.children(folder);
        for (Child c : children) {
            if (!c.directory()) {
                return true;
            }
        }
        for (Child c : children) {
            if (hasObjects(folder + c.name() + "/")) {
                return true;
            }
        }
        return false;
    }
}
