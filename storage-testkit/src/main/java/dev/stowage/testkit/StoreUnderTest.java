package dev.stowage.testkit;

import dev.stowage.BlobStore;
import dev.stowage.Capabilities;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Assumptions;

/** What every contract group needs: the store under test (a fresh, empty namespace per test) and small helpers. */
public interface StoreUnderTest {

    /** The store under test, rooted at a namespace no other test uses. */
    BlobStore store();

    default Capabilities caps() {
        return store().capabilities();
    }

    /** Skips the test, saying why, unless the store has the capability. */
    default void assumeCapability(boolean has, String what) {
        Assumptions.assumeTrue(has, () -> "skipped: " + store().name() + " does not support " + what
                + " (Capabilities says so)");
    }

    default byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    default String text(String key) {
        return new String(store().getBytes(key), StandardCharsets.UTF_8);
    }

    /** Keys of a listing, in the order returned. */
    default List<String> keys(ListOptions options) {
        try (var s = store().list(options)) {
            return s.map(ListEntry::key).toList();
        }
    }

    /** Deterministic pseudo-random bytes, so a failed comparison can be reproduced. */
    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
