package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInputStream;
import dev.stowage.PutOptions;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Content type, Cache-Control and user metadata stored with objects. */
public interface MetadataContract extends StoreUnderTest {

    @Test
    default void contentTypeRoundTrips() {
        assumeCapability(caps().contentType(), "content types");
        putWith("p.png", bytes("png"), PutOptions.builder().contentType("image/png").build());
        assertThat(store().stat("p.png").contentType()).isEqualTo("image/png");
    }

    @Test
    default void contentTypeWithParametersRoundTrips() {
        assumeCapability(caps().contentType(), "content types");
        putWith("t.txt", bytes("t"), PutOptions.builder().contentType("text/plain; charset=utf-8").build());
        // media type and charset names are case-insensitive (RFC 9110 8.3); some HTTP clients upper-case the charset
        assertThat(store().stat("t.txt").contentType().toLowerCase(java.util.Locale.ROOT))
                .isEqualToIgnoringWhitespace("text/plain;charset=utf-8");
    }

    @Test
    default void cacheControlRoundTrips() {
        assumeCapability(caps().cacheControl(), "Cache-Control");
        putWith("c.txt", bytes("c"), PutOptions.builder().cacheControl("public, max-age=31536000").build());
        assertThat(store().stat("c.txt").cacheControl()).isEqualTo("public, max-age=31536000");
    }

    @Test
    default void userMetadataRoundTrips() {
        assumeCapability(caps().userMetadata(), "user metadata");
        putWith("m.txt", bytes("m"), PutOptions.builder().metadata(Map.of("owner", "ada", "rev", "42")).build());
        assertThat(store().stat("m.txt").userMetadata())
                .containsExactlyInAnyOrderEntriesOf(Map.of("owner", "ada", "rev", "42"));
    }

    @Test
    default void userMetadataNamesComeBackLowerCase() {
        assumeCapability(caps().userMetadata(), "user metadata");
        putWith("m.txt", bytes("m"), PutOptions.builder().metadata(Map.of("Camera-Model", "X100")).build());
        assertThat(store().stat("m.txt").userMetadata()).containsExactlyInAnyOrderEntriesOf(
                Map.of("camera-model", "X100"));
    }

    @Test
    default void userMetadataValuesKeepCaseAndSpaces() {
        assumeCapability(caps().userMetadata(), "user metadata");
        putWith("m.txt", bytes("m"), PutOptions.builder().metadata(Map.of("title", "Hello  World, OK?")).build());
        assertThat(store().stat("m.txt").userMetadata()).containsEntry("title", "Hello  World, OK?");
    }

    @Test
    default void metadataComesWithTheReadStream() throws IOException {
        assumeCapability(caps().userMetadata() && caps().contentType(), "user metadata and content types");
        putWith("m.txt", bytes("m"), PutOptions.builder().contentType("text/plain")
                .metadata(Map.of("k", "v")).build());
        try (BlobInputStream in = store().get("m.txt")) {
            assertThat(in.info().contentType()).isEqualTo("text/plain");
            assertThat(in.info().userMetadata()).containsEntry("k", "v");
        }
    }

    @Test
    default void userMetadataIsReplacedOnOverwriteNotMerged() {
        assumeCapability(caps().userMetadata(), "user metadata");
        putWith("m.txt", bytes("1"), PutOptions.builder().metadata(Map.of("a", "1", "b", "2")).build());
        putWith("m.txt", bytes("2"), PutOptions.builder().metadata(Map.of("c", "3")).build());
        assertThat(store().stat("m.txt").userMetadata()).containsExactlyInAnyOrderEntriesOf(Map.of("c", "3"));
    }

    @Test
    default void userMetadataIsDroppedByAnOverwriteWithout() {
        assumeCapability(caps().userMetadata(), "user metadata");
        putWith("m.txt", bytes("1"), PutOptions.builder().metadata(Map.of("a", "1")).build());
        store().put("m.txt", bytes("2"));
        assertThat(store().stat("m.txt").userMetadata()).isEmpty();
    }

    @Test
    default void cacheControlIsDroppedByAnOverwriteWithout() {
        assumeCapability(caps().cacheControl(), "Cache-Control");
        putWith("c.txt", bytes("1"), PutOptions.builder().cacheControl("no-store").build());
        store().put("c.txt", bytes("2"));
        assertThat(store().stat("c.txt").cacheControl()).isNull();
    }
}
