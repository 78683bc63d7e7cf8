package dev.stowage.layer;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory index of a {@link CachedBlobStore}: which entries exist, their total size, and which to evict.
 * Lookups are lock-free; eviction takes a lock so two evictions never pick the same victims.
 */
final class CacheIndex {
    private final ConcurrentHashMap<String, CacheEntry> entries = new ConcurrentHashMap<>();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong memoryBytes = new AtomicLong();
    private final Object evictionLock = new Object();

    CacheEntry get(String cacheKey) {
        return entries.get(cacheKey);
    }

    void put(CacheEntry entry) {
        entries.compute(entry.cacheKey, (k, old) -> {
            if (old != null) {
                bytes.addAndGet(-old.size);
            }
            bytes.addAndGet(entry.size);
            return entry;
        });
    }

    /** Replaces {@code expected} by {@code loaded} (same key and size) unless another entry took its place. */
    boolean replace(CacheEntry expected, CacheEntry loaded) {
        return entries.replace(expected.cacheKey, expected, loaded);
    }

    /** Removes this very entry (not a newer one under the same key); whether it was still there. */
    boolean remove(CacheEntry entry) {
        if (entries.remove(entry.cacheKey, entry)) {
            bytes.addAndGet(-entry.size);
            forget(entry);
            return true;
        }
        return false;
    }

    /** Keeps {@code content} in memory for the entry if the memory budget has room; whether it was kept. */
    boolean keepInMemory(CacheEntry entry, byte[] content, long budget) {
        synchronized (entry) {
            if (entry.memory != null) {
                return true;
            }
            if (memoryBytes.addAndGet(content.length) > budget) {
                memoryBytes.addAndGet(-content.length);
                return false;
            }
            entry.memory = content;
        }
        if (entries.get(entry.cacheKey) != entry) {
            forget(entry); // removed meanwhile: give the budget back
            return false;
        }
        return true;
    }

    private void forget(CacheEntry entry) {
        synchronized (entry) {
            byte[] m = entry.memory;
            if (m != null) {
                entry.memory = null;
                memoryBytes.addAndGet(-m.length);
            }
        }
    }

    /** Drops the in-memory copies of the least recently read entries until at most {@code target} bytes remain. */
    void shedMemory(long target) {
        if (memoryBytes.get() <= target) {
            return;
        }
        synchronized (evictionLock) {
            List<CacheEntry> held = new ArrayList<>();
            for (CacheEntry e : entries.values()) {
                if (e.memory != null) {
                    held.add(e);
                }
            }
            held.sort(Comparator.comparingLong(e -> e.lastAccessMillis));
            for (CacheEntry e : held) {
                if (memoryBytes.get() <= target) {
                    break;
                }
                forget(e);
            }
        }
    }

    long memoryBytes() {
        return memoryBytes.get();
    }

    long bytes() {
        return bytes.get();
    }

    int size() {
        return entries.size();
    }

    /**
     * Removes and returns the entries to drop: every entry stored before {@code expiredBefore}, then the least
     * recently used ones until the total is at most {@code targetBytes}. Runs only when over {@code maxBytes} or
     * when {@code sweepExpired} asks for it, so a cache under its bound does no work.
     */
    List<CacheEntry> evict(long maxBytes, long targetBytes, long expiredBefore, boolean sweepExpired) {
        if (bytes.get() <= maxBytes && !sweepExpired) {
            return List.of();
        }
        synchronized (evictionLock) {
            List<CacheEntry> victims = new ArrayList<>();
            List<CacheEntry> live = new ArrayList<>(entries.values());
            for (CacheEntry e : live) {
                if (e.storedAtMillis < expiredBefore && remove(e)) {
                    victims.add(e);
                }
            }
            if (bytes.get() > maxBytes) {
                live.removeIf(e -> e.storedAtMillis < expiredBefore);
                live.sort(Comparator.comparingLong(e -> e.lastAccessMillis));
                for (CacheEntry e : live) {
                    if (bytes.get() <= targetBytes) {
                        break;
                    }
                    if (remove(e)) {
                        victims.add(e);
                    }
                }
            }
            return victims;
        }
    }
}
