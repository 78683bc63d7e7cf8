package dev.stowage.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FallbackBlobStoreTest {
    private final MemoryStore primary = new MemoryStore();
    private final MemoryStore old = new MemoryStore();

    private static String read(BlobInputStream in) throws IOException {
        try (in) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void missingInPrimaryIsReadFromTheFallbackAndSaysSo() throws IOException {
        old.put("a.jpg", bytes("old a"));
        FallbackBlobStore store = Layers.fallback(primary, old);

        FallbackBlobStore.Answered<BlobInputStream> got = store.getFrom("a.jpg", null);
        assertThat(got.index()).isEqualTo(1);
        assertThat(got.origin()).isSameAs(old);
        assertThat(read(got.value())).isEqualTo("old a");
        assertThat(store.statFrom("a.jpg").index()).isEqualTo(1);
        assertThat(store.exists("a.jpg")).isTrue();
        assertThat(read(store.get("a.jpg", ByteRange.of(4, 1)))).isEqualTo("a");
    }

    @Test
    void primaryWinsOnceItHoldsTheObject() throws IOException {
        old.put("a.jpg", bytes("old a"));
        FallbackBlobStore store = Layers.fallback(primary, old);
        primary.put("a.jpg", bytes("new a"));

        FallbackBlobStore.Answered<BlobInputStream> got = store.getFrom("a.jpg", null);
        assertThat(got.index()).isZero();
        assertThat(read(got.value())).isEqualTo("new a");
        assertThat(old.gets.get()).isZero();
    }

    @Test
    void missingEverywhereIsThePrimarysNotFound() {
        FallbackBlobStore store = Layers.fallback(primary, old);
        assertThatThrownBy(() -> store.stat("nope.jpg")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThat(old.stats.get()).isEqualTo(1);
        assertThat(store.exists("nope.jpg")).isFalse();
    }

    @Test
    void anUnavailablePrimaryIsAnErrorNotAFallThrough() {
        old.put("a.jpg", bytes("old a"));
        primary.failReadsWith = ErrorCode.UNAVAILABLE;
        FallbackBlobStore store = Layers.fallback(primary, old);

        assertThatThrownBy(() -> store.get("a.jpg", null)).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> store.exists("a.jpg")).isInstanceOf(StorageException.class);
        assertThat(old.gets.get()).isZero();
    }

    @Test
    void otherFailuresNeverFallThrough() {
        old.put("a.jpg", bytes("old a"));
        primary.failReadsWith = ErrorCode.PERMISSION_DENIED;
        FallbackBlobStore store = Layers.fallback(List.of(primary, old),
                FallbackPolicy.builder().unavailableFallsThrough(true).build());

        assertThatThrownBy(() -> store.stat("a.jpg")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
    }

    @Test
    void anUnavailablePrimaryFallsThroughWhenThePolicySaysSo() throws IOException {
        old.put("a.jpg", bytes("old a"));
        primary.failReadsWith = ErrorCode.UNAVAILABLE;
        FallbackBlobStore store = Layers.fallback(List.of(primary, old),
                FallbackPolicy.builder().unavailableFallsThrough(true).build());

        assertThat(read(store.get("a.jpg", null))).isEqualTo("old a");
        assertThat(store.exists("a.jpg")).isTrue();
        // absent from the fallback while the primary could not say: that is not a "no"
        assertThatThrownBy(() -> store.stat("b.jpg")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
        assertThatThrownBy(() -> store.exists("b.jpg")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.UNAVAILABLE));
    }

    @Test
    void writesDeletesAndListingsAreThePrimarysAlone() {
        old.put("a.jpg", bytes("old a"));
        FallbackBlobStore store = Layers.fallback(primary, old);

        store.put("b.jpg", bytes("new b"));
        assertThat(primary.exists("b.jpg")).isTrue();
        assertThat(old.exists("b.jpg")).isFalse();
        assertThat(store.list(ListOptions.prefix("")).map(e -> e.key()).toList()).containsExactly("b.jpg");

        store.delete("a.jpg");
        assertThat(old.exists("a.jpg")).isTrue();
        assertThat(store.exists("a.jpg")).isTrue();
    }

    @Test
    void refusesNoOriginsAndOneStoreTwice() {
        assertThatThrownBy(() -> Layers.fallback(List.of(), FallbackPolicy.defaults()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least one origin");
        assertThatThrownBy(() -> Layers.fallback(primary, primary))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("twice");
    }
}
