package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInfo;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Copying objects within a store, server-side or by streaming. */
public interface CopyContract extends StoreUnderTest {

    @Test
    default void copyDuplicatesContent() {
        byte[] data = StoreUnderTest.randomBytes(50_000, 11);
        store().put("src.bin", data);
        store().copy("src.bin", "dst.bin");
        assertThat(store().getBytes("dst.bin")).isEqualTo(data);
    }

    @Test
    default void copyLeavesSourceIntact() {
        putText("src.txt", "source");
        store().copy("src.txt", "dst.txt");
        assertThat(text("src.txt")).isEqualTo("source");
    }

    @Test
    default void copyReturnsInfoOfTheTarget() {
        putText("src.txt", "12345");
        BlobInfo info = store().copy("src.txt", "dst.txt");
        assertThat(info.key()).isEqualTo("dst.txt");
        assertThat(info.size()).isEqualTo(5);
    }

    @Test
    default void copyPreservesContentType() {
        assumeCapability(caps().contentType(), "content types");
        putWith("src.json", bytes("{}"), PutOptions.builder().contentType("application/json").build());
        store().copy("src.json", "dst.json");
        assertThat(store().stat("dst.json").contentType()).isEqualTo("application/json");
    }

    @Test
    default void copyPreservesUserMetadata() {
        assumeCapability(caps().userMetadata(), "user metadata");
        putWith("src.txt", bytes("x"), PutOptions.builder().metadata(Map.of("owner", "ada", "rev", "7")).build());
        store().copy("src.txt", "dst.txt");
        assertThat(store().stat("dst.txt").userMetadata()).containsExactlyInAnyOrderEntriesOf(
                Map.of("owner", "ada", "rev", "7"));
    }

    @Test
    default void copyPreservesCacheControl() {
        assumeCapability(caps().cacheControl(), "Cache-Control");
        putWith("src.txt", bytes("x"), PutOptions.builder().cacheControl("public, max-age=60").build());
        store().copy("src.txt", "dst.txt");
        assertThat(store().stat("dst.txt").cacheControl()).isEqualTo("public, max-age=60");
    }

    @Test
    default void copyOverExistingTargetReplacesIt() {
        putText("src.txt", "new");
        putWith("dst.txt", bytes("old and longer"), PutOptions.builder()
                .metadata(caps().userMetadata() ? Map.of("stale", "yes") : Map.of()).build());
        store().copy("src.txt", "dst.txt");
        assertThat(text("dst.txt")).isEqualTo("new");
        assertThat(store().stat("dst.txt").userMetadata()).doesNotContainKey("stale");
    }

    @Test
    default void copyOfMissingSourceIsNotFound() {
        StorageException e = failsWith(ErrorCode.NOT_FOUND, () -> store().copy("missing.txt", "dst.txt"));
        assertThat(e.key()).isEqualTo("missing.txt");
        assertThat(e.operation()).isIn(Operation.COPY, Operation.GET);
        assertThat(store().exists("dst.txt")).isFalse();
    }

    @Test
    default void copyToADeeperKeyCreatesItsFolders() {
        putText("top.txt", "x");
        store().copy("top.txt", "a/b/c/deep.txt");
        assertThat(text("a/b/c/deep.txt")).isEqualTo("x");
    }

    @Test
    default void copyOfAnEmptyObjectMakesAnEmptyObject() {
        store().put("empty", new byte[0]);
        store().copy("empty", "empty-copy");
        assertThat(store().stat("empty-copy").size()).isZero();
    }
}
