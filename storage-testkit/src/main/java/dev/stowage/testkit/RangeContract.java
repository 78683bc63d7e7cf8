package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import java.io.IOException;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Reading byte ranges of an object. */
public interface RangeContract extends StoreUnderTest {

    private byte[] putSample(String key, int size) {
        byte[] data = StoreUnderTest.randomBytes(size, size);
        store().put(key, data);
        return data;
    }

    private byte[] read(String key, ByteRange range) throws IOException {
        try (BlobInputStream in = store().get(key, range)) {
            return in.readAllBytes();
        }
    }

    @Test
    default void rangeInsideObjectReturnsThoseBytes() throws IOException {
        byte[] data = putSample("r.bin", 1000);
        assertThat(read("r.bin", ByteRange.of(100, 50))).isEqualTo(Arrays.copyOfRange(data, 100, 150));
    }

    @Test
    default void rangeFromStartReturnsPrefix() throws IOException {
        byte[] data = putSample("r.bin", 1000);
        assertThat(read("r.bin", ByteRange.of(0, 10))).isEqualTo(Arrays.copyOfRange(data, 0, 10));
    }

    @Test
    default void rangeToEndReturnsTail() throws IOException {
        byte[] data = putSample("r.bin", 1000);
        assertThat(read("r.bin", ByteRange.from(990))).isEqualTo(Arrays.copyOfRange(data, 990, 1000));
    }

    @Test
    default void singleByteRangeAtLastByteReturnsIt() throws IOException {
        byte[] data = putSample("r.bin", 1000);
        assertThat(read("r.bin", ByteRange.of(999, 1))).containsExactly(data[999]);
    }

    @Test
    default void rangeRunningPastEndIsCutAtEnd() throws IOException {
        byte[] data = putSample("r.bin", 1000);
        try (BlobInputStream in = store().get("r.bin", ByteRange.of(900, 500))) {
            assertThat(in.contentLength()).isEqualTo(100);
            assertThat(in.readAllBytes()).isEqualTo(Arrays.copyOfRange(data, 900, 1000));
        }
    }

    @Test
    default void rangeStartingPastEndIsInvalidArgument() {
        putSample("r.bin", 100);
        failsWith(ErrorCode.INVALID_ARGUMENT, () -> read("r.bin", ByteRange.of(200, 10)));
    }

    @Test
    default void rangeStartingExactlyAtEndIsInvalidArgument() {
        putSample("r.bin", 100);
        failsWith(ErrorCode.INVALID_ARGUMENT, () -> read("r.bin", ByteRange.from(100)));
    }

    @Test
    default void zeroOffsetRangeOnEmptyObjectReturnsNothing() throws IOException {
        store().put("empty", new byte[0]);
        assertThat(read("empty", ByteRange.from(0))).isEmpty();
        assertThat(read("empty", ByteRange.of(0, 10))).isEmpty();
    }

    @Test
    default void rangeReadInfoDescribesTheWholeObject() throws IOException {
        putSample("r.bin", 1000);
        try (BlobInputStream in = store().get("r.bin", ByteRange.of(10, 20))) {
            assertThat(in.info().key()).isEqualTo("r.bin");
            assertThat(in.info().size()).isEqualTo(1000);
            assertThat(in.info().etag()).isEqualTo(store().stat("r.bin").etag());
            assertThat(in.range()).isEqualTo(ByteRange.of(10, 20));
        }
    }

    @Test
    default void rangeReadContentLengthIsTheRangeLength() throws IOException {
        putSample("r.bin", 1000);
        try (BlobInputStream in = store().get("r.bin", ByteRange.of(10, 20))) {
            assertThat(in.contentLength()).isEqualTo(20);
            assertThat(in.readAllBytes()).hasSize(20);
        }
    }

    @Test
    default void wholeReadContentLengthIsTheObjectSize() throws IOException {
        putSample("r.bin", 1234);
        try (BlobInputStream in = store().get("r.bin")) {
            assertThat(in.range()).isNull();
            assertThat(in.contentLength()).isEqualTo(1234);
            assertThat(in.readAllBytes()).hasSize(1234);
        }
    }

    @Test
    default void rangeOfMissingKeyIsNotFound() {
        failsWith(ErrorCode.NOT_FOUND, () -> read("missing.bin", ByteRange.of(0, 10)));
    }
}
