package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PutOptionsTest {

    @Test
    void metadataNamesAreLowerCased() {
        assertThat(PutOptions.builder().metadata(Map.of("camelCase", "1", "Trace-Id", "2")).build().metadata())
                .isEqualTo(Map.of("camelcase", "1", "trace-id", "2"));
    }

    @Test
    void metadataNamesThatDifferOnlyInCaseAreRefusedRatherThanOneValueLost() {
        Map<String, String> both = new LinkedHashMap<>();
        both.put("Owner", "a");
        both.put("owner", "b");
        assertThatThrownBy(() -> PutOptions.builder().metadata(both).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ only in case")
                .hasMessageContaining("owner");
    }
}
