package dev.stowage.local;

/** A fixed set of lock objects, one chosen per key, so writes to one key are serialised without a lock per key. */
final class KeyLocks {
    private final Object[] stripes = new Object[64];

    KeyLocks() {
        for (int i = 0; i < stripes.length; i++) {
            stripes[i] = new Object();
        }
    }

    Object forKey(String key) {
        return stripes[Math.floorMod(key.hashCode(), stripes.length)];
    }
}
