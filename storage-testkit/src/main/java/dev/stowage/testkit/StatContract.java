package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.stowage.BlobInfo;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.junit.jupiter.api.Test;

/** Object metadata: stat and exists. */
public interface StatContract extends StoreUnderTest {

    @Test
    default void statReturnsKeyAndSize() {
        store().put("s/file.bin", new byte[1234]);
        BlobInfo info = store().stat("s/file.bin");
        assertThat(info.key()).isEqualTo("s/file.bin");
        assertThat(info.size()).isEqualTo(1234);
    }

    @Test
    default void statEtagIsPresent() {
        putText("e.txt", "x");
        assertThat(store().stat("e.txt").etag()).isNotBlank();
    }

    @Test
    default void statEtagChangesWhenContentChanges() {
        putText("e.txt", "first");
        String before = store().stat("e.txt").etag();
        putText("e.txt", "second");
        assertThat(store().stat("e.txt").etag()).isNotEqualTo(before);
    }

    @Test
    default void statEtagIsStableWithoutWrites() {
        putText("e.txt", "same");
        assertThat(store().stat("e.txt").etag()).isEqualTo(store().stat("e.txt").etag());
    }

    @Test
    default void putResultEtagMatchesStatEtag() {
        BlobInfo put = store().put("e.txt", bytes("x"));
        assertThat(put.etag()).isNotBlank().isEqualTo(store().stat("e.txt").etag());
    }

    @Test
    default void statLastModifiedIsAroundNow() {
        Instant before = Instant.now();
        putText("t.txt", "x");
        Instant lastModified = store().stat("t.txt").lastModified();
        // generous: servers round to seconds and their clocks drift a little from ours
        assertThat(lastModified).isNotNull()
                .isCloseTo(before, within(Duration.ofMinutes(5).toSeconds(), ChronoUnit.SECONDS));
    }

    @Test
    default void statOfMissingKeyIsNotFoundNamingStoreOperationAndKey() {
        StorageException e = failsWith(ErrorCode.NOT_FOUND, () -> store().stat("no/such.txt"));
        assertThat(e.key()).isEqualTo("no/such.txt");
        assertThat(e.operation()).isEqualTo(Operation.STAT);
        assertThat(e.store()).isEqualTo(store().name());
        assertThat(e.getMessage()).contains("no/such.txt").contains(store().name());
        assertThat(e.retryable()).isFalse();
    }

    @Test
    default void statOfFolderPrefixIsNotFound() {
        putText("dir/a.txt", "x");
        failsWith(ErrorCode.NOT_FOUND, () -> store().stat("dir"));
    }

    @Test
    default void statOfKeyBelowAnObjectIsNotFound() {
        putText("file.txt", "x");
        failsWith(ErrorCode.NOT_FOUND, () -> store().stat("file.txt/child"));
    }

    @Test
    default void existsIsTrueForAnObject() {
        putText("here.txt", "x");
        assertThat(store().exists("here.txt")).isTrue();
    }

    @Test
    default void existsIsFalseForAMissingKey() {
        assertThat(store().exists("nowhere.txt")).isFalse();
    }

    @Test
    default void existsIsFalseForAFolderPrefix() {
        putText("dir/a.txt", "x");
        assertThat(store().exists("dir")).isFalse();
    }
}
