package dev.stowage.azure.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How metadata names are spelled on Azure, and read back from what Stowage and other tools wrote. */
class AzureMetadataTest {

    @Test
    void identifiersAreStoredAsWritten() {
        assertThat(AzureMetadata.encode(Map.of("snake_case", "1", "plain", "2", "_lead", "3", "double__under", "4")))
                .containsOnlyKeys("snake_case", "plain", "_lead", "double__under");
    }

    @Test
    void otherNamesAreEscapedUnderTheStowagePrefix() {
        assertThat(AzureMetadata.encodeName("trace-id")).isEqualTo("stowage_trace_2Did");
        assertThat(AzureMetadata.encodeName("9lives")).isEqualTo("stowage_9lives");
        assertThat(AzureMetadata.encodeName("a-_b")).isEqualTo("stowage_a_2D_5Fb");
        assertThat(AzureMetadata.isIdentifier(AzureMetadata.encodeName("-x-"))).isTrue();
    }

    @Test
    void identifiersThatStartWithThePrefixAreEscapedToo() {
        assertThat(AzureMetadata.encodeName("stowage_x")).isEqualTo("stowage_stowage_5Fx");
        assertThat(AzureMetadata.decodeName("stowage_stowage_5Fx")).isEqualTo("stowage_x");
    }

    @Test
    void everyPortableNameRoundTrips() { // portable names are lower-case (PutOptions makes them so)
        for (String name : new String[] {"trace-id", "snake_case", "9lives", "a-_b", "-", "_", "__", "x_2d",
                "stowage_", "stowage_x", "stowage_trace_2did", "owner-id", "a--b", "z9-"}) {
            assertThat(AzureMetadata.decode(AzureMetadata.encode(Map.of(name, "v")))).containsExactly(Map.entry(name, "v"));
        }
    }

    @Test
    void namesOtherToolsWroteReadBackAsThemselves() {
        Map<String, String> foreign = new LinkedHashMap<>();
        for (String name : new String[] {"is_xml", "double__under", "a_x", "a_b", "a__b", "_n9", "stowage_x",
                "stowage_trace_2did_", "stowage_a_zz", "Stowage_", "owner_xid"}) {
            foreign.put(name, name + "-value");
        }
        Map<String, String> decoded = AzureMetadata.decode(foreign);
        assertThat(decoded).hasSize(foreign.size());
        foreign.forEach((name, value) -> assertThat(decoded).containsEntry(name.toLowerCase(), value));
    }

    @Test
    void namesAreReadLowerCased() {
        assertThat(AzureMetadata.decode(Map.of("camelCase", "1", "STOWAGE_TRACE_2DID", "2")))
                .isEqualTo(Map.of("camelcase", "1", "trace-id", "2"));
    }

    @Test
    void aLiteralNameAndStowagesEscapeOfTheSameNameAreBothKept() {
        assertThat(AzureMetadata.decode(Map.of("stowage_x", "theirs", "stowage_stowage_5Fx", "ours")))
                .isEqualTo(Map.of("stowage_x", "theirs", "stowage_stowage_5fx", "ours"));
    }

    @Test
    void namesAzureWouldMergeAreRefused() {
        Map<String, String> both = new LinkedHashMap<>();
        both.put("Trace-Id", "1");
        both.put("trace-id", "2");
        assertThatThrownBy(() -> AzureMetadata.encode(both)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'Trace-Id' and 'trace-id'").hasMessageContaining("without regard to case");
    }
}
