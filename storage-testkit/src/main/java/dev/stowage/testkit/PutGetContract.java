package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Writing and reading whole objects. */
public interface PutGetContract extends StoreUnderTest {

    @Test
    default void putThenGetReturnsSameBytes() {
        byte[] data = StoreUnderTest.randomBytes(10_000, 1);
        store().put("a.bin", data);
        assertThat(store().getBytes("a.bin")).isEqualTo(data);
    }
}
