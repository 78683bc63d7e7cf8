package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.stowage.BlobStore;
import dev.stowage.Capabilities;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Assumptions;

/** What every contract group needs: the store under test (a fresh, empty namespace per test) and small helpers. */
public interface StoreUnderTest {

    /** The store under test, rooted at a namespace no other test uses. */
    BlobStore store();

    /** The namespace {@link #store()} is rooted at. */
    String namespace();

    /** A second, independent client of the same namespace (closed by the contract after the test). */
    BlobStore anotherClient();

    /**
     * A store on the same namespace whose configured public URL base is {@code publicUrlBase}, or empty when the
     * driver's test cannot open one (the URL tests that need it are then skipped).
     */
    default Optional<BlobStore> storeWithPublicUrlBase(String publicUrlBase) {
        return Optional.empty();
    }

    /** Whether {@link BlobStore#publicUrl} of the store under test can be fetched over HTTP from this machine. */
    default boolean servesPublicUrls() {
        return false;
    }

    default Capabilities caps() {
        return store().capabilities();
    }

    /** Skips the test, saying why, unless the store has the capability. */
    default void assumeCapability(boolean has, String what) {
        Assumptions.assumeTrue(has, () -> "skipped: " + store().name() + " does not support " + what
                + " (Capabilities says so)");
    }

    /** Skips the test, saying why, when the store has the capability. */
    default void assumeNoCapability(boolean has, String what) {
        Assumptions.assumeFalse(has, () -> "skipped: " + store().name() + " supports " + what
                + " (Capabilities says so); this test is for stores without it");
    }

    default byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    default String text(String key) {
        return new String(store().getBytes(key), StandardCharsets.UTF_8);
    }

    /** Writes a small text object. */
    default void putText(String key, String content) {
        store().put(key, bytes(content));
    }

    /** Writes a small object held in memory with options. */
    default dev.stowage.BlobInfo putWith(String key, byte[] content, dev.stowage.PutOptions options) {
        return store().put(key, dev.stowage.ContentSource.ofBytes(content), options);
    }

    /** Writes each key with its own name as content. */
    default void putKeys(String... keys) {
        for (String key : keys) {
            putText(key, key);
        }
    }

    /** Keys of a listing, in the order returned. */
    default List<String> keys(ListOptions options) {
        try (var s = store().list(options)) {
            return s.map(ListEntry::key).toList();
        }
    }

    /** Entries of a listing, in the order returned. */
    default List<ListEntry> entries(ListOptions options) {
        try (var s = store().list(options)) {
            return s.toList();
        }
    }

    /** Asserts that the call fails with a {@link StorageException} of the given code, and returns it. */
    default StorageException failsWith(ErrorCode code, ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected a StorageException with code %s", code).isInstanceOf(StorageException.class);
        StorageException se = (StorageException) t;
        assertThat(se.code()).as("error code of: %s", se.getMessage()).isEqualTo(code);
        return se;
    }

    /** Asserts that the call fails with a {@link StorageException}, whatever its code, and returns it. */
    default StorageException failsWithStorageException(ThrowingCallable call) {
        Throwable t = catchThrowable(call);
        assertThat(t).as("expected a StorageException").isInstanceOf(StorageException.class);
        return (StorageException) t;
    }

    /** Deterministic pseudo-random bytes, so a failed comparison can be reproduced. */
    static byte[] randomBytes(int size, long seed) {
        byte[] b = new byte[size];
        new java.util.Random(seed).nextBytes(b);
        return b;
    }
}
