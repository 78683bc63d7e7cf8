package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** Keys: what every store accepts, and what is refused before any I/O. */
public interface KeyContract extends StoreUnderTest {

    @Test
    default void keyWithSpacesRoundTrips() {
        store().put("with spaces/a b.txt", bytes("x"));
        assertThat(text("with spaces/a b.txt")).isEqualTo("x");
    }

    @Test
    default void keyWithDotDotSegmentIsRefusedBeforeIo() {
        assertThatThrownBy(() -> store().put("a/../b", bytes("x")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("a/../b").hasMessageContaining("..");
    }
}
