package dev.stowage.spi;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class KeyOrderTest {

    @Test
    void ordersLikeUtf8Bytes() {
        List<String> keys = new ArrayList<>(List.of("a", "a/b", "a-c", "\uFFFD", "😀", "\uE000", "z", "é", "A"));
        Random r = new Random(7);
        for (int i = 0; i < 200; i++) {
            keys.add(new String(Character.toChars(r.nextInt(0x10FFFF - 0xE000) + 0xE000)));
            keys.add(String.valueOf((char) (r.nextInt(0xD000) + 0x20)));
        }
        List<String> byUtf8 = new ArrayList<>(keys);
        byUtf8.sort((x, y) -> Arrays.compareUnsigned(x.getBytes(StandardCharsets.UTF_8), y.getBytes(StandardCharsets.UTF_8)));
        List<String> byKeyOrder = new ArrayList<>(keys);
        byKeyOrder.sort(KeyOrder.UTF8);
        assertThat(byKeyOrder).isEqualTo(byUtf8);
    }

    @Test
    void folderSortsAfterSiblingWithLowerCharacter() {
        assertThat(KeyOrder.compare("a-c", "a/b")).isNegative();
        assertThat(KeyOrder.isAfter("b", null)).isTrue();
        assertThat(KeyOrder.isAfter("b", "b")).isFalse();
    }
}
