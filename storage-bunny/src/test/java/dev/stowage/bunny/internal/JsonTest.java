package dev.stowage.bunny.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The small JSON reader that parses Bunny's answers, on well-formed and hostile input. */
class JsonTest {
    @Test
    void readsAListingShapedArray() {
        Object v = Json.parse(" [ {\"ObjectName\": \"a\\u00e9\\\"b\", \"Length\": 12, \"IsDirectory\": false,"
                + " \"Checksum\": null, \"X\": 1.5e3, \"Y\": [true, -3]} ] ");
        assertThat(v).isInstanceOf(List.class);
        Map<?, ?> entry = (Map<?, ?>) ((List<?>) v).get(0);
        assertThat(entry.get("ObjectName")).isEqualTo("a\u00e9\"b");
        assertThat(entry.get("Length")).isEqualTo(12L);
        assertThat(entry.get("IsDirectory")).isEqualTo(false);
        assertThat(entry.containsKey("Checksum")).isTrue();
        assertThat(entry.get("Checksum")).isNull();
        assertThat(entry.get("X")).isEqualTo(1500.0);
        assertThat(entry.get("Y")).isEqualTo(List.of(true, -3L));
    }

    @Test
    void keepsAstralCharactersWrittenAsSurrogateEscapes() {
        assertThat(Json.parse("\"\\ud83d\\ude00\"")).isEqualTo("\uD83D\uDE00");
    }

    @Test
    void refusesMalformedInputNamingTheOffset() {
        for (String bad : List.of("", "[", "[1,]", "{\"a\" 1}", "\"open", "[1] x", "tru", "<html>", "{\"a\":\"\u0001\"}",
                "\"\\x\"", "-")) {
            assertThatThrownBy(() -> Json.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("malformed JSON").hasMessageContaining("offset");
        }
    }

    @Test
    void refusesNestingDeepEnoughToExhaustTheStack() {
        assertThatThrownBy(() -> Json.parse("[".repeat(100_000))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("nested");
    }
}
