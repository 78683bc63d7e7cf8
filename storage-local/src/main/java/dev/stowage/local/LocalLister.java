package dev.stowage.local;

import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.spi.KeyOrder;
import dev.stowage.spi.ListPage;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lists a folder tree in key order, one page at a time. Each page walks from the start again, skipping whole
 * sub-folders that sort before the resume point, so no state is kept between pages and at most one folder's
 * names are held at once.
 */
final class LocalLister {
    private record Child(String name, boolean dir) {
        /** Folders sort as "name/", which is where their keys fall among the siblings' keys. */
        String sortKey() {
            return dir ? name + "/" : name;
        }
    }

    private final LocalDriver driver;

    LocalLister(LocalDriver driver) {
        this.driver = driver;
    }

    ListPage list(ListOptions options, String pageToken) throws IOException {
        String startAfter = options.startAfter();
        if (pageToken != null && KeyOrder.isAfter(pageToken, startAfter)) {
            startAfter = pageToken;
        }
        String prefix = options.prefix();
        int slash = prefix.lastIndexOf('/');
        String dirKey = slash >= 0 ? prefix.substring(0, slash + 1) : "";
        String namePrefix = prefix.substring(slash + 1);
        Path dir = dirKey.isEmpty() ? driver.root() : driver.resolve(dirKey.substring(0, dirKey.length() - 1));
        List<ListEntry> out = new ArrayList<>(Math.min(options.pageSize(), 1000));
        boolean full = walk(dir, dirKey, namePrefix, options.delimiter() != null, startAfter, out, options.pageSize());
        String next = full ? out.get(out.size() - 1).key() : null;
        return new ListPage(out, next);
    }

    /** Returns true when the page filled up (there may be more). */
    private boolean walk(Path dir, String keyPrefix, String namePrefix, boolean delimited, String startAfter,
                         List<ListEntry> out, int limit) throws IOException {
        for (Child child : children(dir, namePrefix, keyPrefix.isEmpty())) {
            String key = keyPrefix + child.name();
            if (child.dir()) {
                String folderKey = key + "/";
                if (delimited) {
                    if (KeyOrder.isAfter(folderKey, startAfter) && hasObjects(dir.resolve(child.name()))) {
                        out.add(ListEntry.ofPrefix(folderKey));
                    }
                } else if (startAfter == null || startAfter.startsWith(folderKey)
                        || KeyOrder.compare(folderKey, startAfter) > 0) {
                    if (walk(dir.resolve(child.name()), folderKey, "", false, startAfter, out, limit)) {
                        return true;
                    }
                }
            } else if (KeyOrder.isAfter(key, startAfter)) {
                try {
                    out.add(ListEntry.ofBlob(driver.info(key, dir.resolve(child.name()))));
                } catch (NoSuchFileException raced) {
                    continue; // deleted while listing
                }
            }
            if (out.size() >= limit) {
                return true;
            }
        }
        return false;
    }

    private List<Child> children(Path dir, String namePrefix, boolean atRoot) throws IOException {
        List<Child> children = new ArrayList<>();
        try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
            for (Path p : stream) {
                String name = p.getFileName().toString();
                if (!name.startsWith(namePrefix) || (atRoot && name.equals(LocalDriver.SYSTEM_DIR))) {
                    continue;
                }
                if (Files.isSymbolicLink(p)) {
                    continue; // links may point outside the root; they are not objects of this store
                }
                children.add(new Child(name, Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)));
            }
        } catch (NoSuchFileException | NotDirectoryException e) {
            return List.of();
        }
        children.sort(Comparator.comparing(Child::sortKey, KeyOrder.UTF8));
        return children;
    }

    private static boolean hasObjects(Path dir) throws IOException {
        try (var files = Files.walk(dir)) {
            return files.anyMatch(p -> Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS));
        } catch (NoSuchFileException | java.io.UncheckedIOException pruned) {
            return false; // removed by a concurrent delete while looking: no objects left in it
        }
    }
}
