package dev.stowage.local;

import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * A fixed set of lock objects, one chosen per key, so writes to one key are serialised without a lock per key.
 * Shared by every store opened on the same root folder in this process, so two clients of one folder do not
 * race each other's conditional writes.
 */
final class KeyLocks {
    private static final ConcurrentMap<Path, KeyLocks> BY_ROOT = new ConcurrentHashMap<>();

    private final Object[] stripes = new Object[64];

    private KeyLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    /** The locks of a root folder (its real path). */
    static KeyLocks forRoot(Path realRoot) {
        return BY_ROOT.computeIfAbsent(realRoot, r -> new KeyLocks());
    }

    Object forKey(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }
}
