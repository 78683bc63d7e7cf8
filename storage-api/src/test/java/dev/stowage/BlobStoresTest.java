package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class BlobStoresTest {

    @Test
    void schemePicksTheInstalledProvider() {
        assertThat(BlobStores.installedSchemes()).contains("mem");
        try (BlobStore s = BlobStores.open("mem://open-test/folder")) {
            s.put("k", bytes("v"));
            assertThat(s.getBytes("k")).isEqualTo(bytes("v"));
            assertThat(s.name()).isEqualTo("mem://open-test/folder");
        }
    }

    @Test
    void unknownOptionIsRefusedListingKnownOnes() {
        StorageException e = catchThrowableOfType(() -> BlobStores.open("mem://b?regoin=x"), StorageException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
        assertThat(e.getMessage()).contains("unknown option 'regoin'").contains("flavour").contains("publicUrlBase");
    }

    @Test
    void readOnlyOptionRefusesWritesBeforeIo() {
        try (BlobStore s = BlobStores.open("mem://ro-test?readOnly=true")) {
            StorageException e = catchThrowableOfType(() -> s.put("k", bytes("v")), StorageException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED);
            assertThat(e.hint()).contains("readOnly");
            assertThat(s.capabilities().readOnly()).isTrue();
            assertThat(s.exists("k")).isFalse();
        }
    }

    @Test
    void invalidPublicUrlBaseIsMisconfigured() {
        StorageException e = catchThrowableOfType(() -> BlobStores.open("mem://b?publicUrlBase=cdn.example.com"),
                StorageException.class);
        assertThat(e.code()).isEqualTo(ErrorCode.MISCONFIGURED);
        assertThat(e.getMessage()).contains("absolute http(s) URL");
    }

    @Test
    void linksResolveToTheDeepestConfiguredStore() {
        StoreRegistry r = StoreRegistry.parse(new StringReader("""
                stores:
                  all:
                    uri: mem://links
                  photos:
                    uri: mem://links/photos
                  other:
                    uri: mem://elsewhere
                """), "links.yml");
        try (r) {
            r.store("all").put("photos/2024/a.jpg", bytes("jpeg"));
            StoreRegistry.Location loc = r.resolve("mem://links/photos/2024/a.jpg");
            assertThat(loc.store().name()).isEqualTo("photos");
            assertThat(loc.key()).isEqualTo("2024/a.jpg");
            assertThat(loc.store().getBytes(loc.key())).isEqualTo(bytes("jpeg"));
            assertThat(r.resolve("mem://links/docs/x.pdf").store().name()).isEqualTo("all");
            StorageException e = catchThrowableOfType(() -> r.resolve("mem://nowhere/x"), StorageException.class);
            assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND);
            assertThat(e.getMessage()).contains("no configured store holds 'mem://nowhere/x'");
        }
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
