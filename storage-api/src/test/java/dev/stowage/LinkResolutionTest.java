package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class LinkResolutionTest {

    private static StoreRegistry parse(String yaml) {
        return StoreRegistry.parse(new StringReader(yaml), "test.yml");
    }

    private static StoreRegistry.LinkTarget locate(StoreRegistry r, String link) {
        return r.locate(link).orElseThrow(() -> new AssertionError("no store holds " + link));
    }

    private static final String TWO_ENDPOINTS = """
            stores:
              eu:
                uri: s3://shared/?endpoint=https://minio-eu.example.com:9000
              us:
                uri: s3://shared
                endpoint: https://minio-us.example.com
            """;

    @Test
    void linkToABucketSharedByTwoEndpointsIsAmbiguousAndSaysHowToPick() {
        StoreRegistry r = parse(TWO_ENDPOINTS);
        assertThatThrownBy(() -> r.locate("s3://shared/a.jpg"))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.INVALID_ARGUMENT))
                .hasMessageContaining("eu (s3://shared at https://minio-eu.example.com:9000)")
                .hasMessageContaining("us (s3://shared at https://minio-us.example.com)")
                .satisfies(e -> assertThat(((StorageException) e).hint()).contains("?endpoint="));
    }

    @Test
    void endpointInTheLinkPicksTheStoreOnThatServer() {
        StoreRegistry r = parse(TWO_ENDPOINTS);
        assertThat(locate(r, "s3://shared/a.jpg?endpoint=https://minio-eu.example.com:9000/"))
                .isEqualTo(new StoreRegistry.LinkTarget("eu", "a.jpg"));
        // a bare host is https, and case does not matter
        assertThat(locate(r, "s3://shared/x/b.jpg?endpoint=MINIO-US.example.com"))
                .isEqualTo(new StoreRegistry.LinkTarget("us", "x/b.jpg"));
        assertThat(r.locate("s3://shared/a.jpg?endpoint=https://elsewhere.example.com")).isEmpty();
    }

    @Test
    void folderScopedStoreHoldsOnlyKeysUnderItsFolderAndTheDeepestFolderWins() {
        StoreRegistry r = parse("""
                stores:
                  whole:
                    uri: s3://media
                  photos:
                    uri: s3://media/photos
                  raw:
                    uri: s3://media/photos/raw
                  docs:
                    uri: s3://media/docs
                """);
        assertThat(locate(r, "s3://media/photos/raw/2024/a.cr2")).isEqualTo(new StoreRegistry.LinkTarget("raw", "2024/a.cr2"));
        assertThat(locate(r, "s3://media/photos/a.jpg")).isEqualTo(new StoreRegistry.LinkTarget("photos", "a.jpg"));
        assertThat(locate(r, "s3://media/photosx/a.jpg")).isEqualTo(new StoreRegistry.LinkTarget("whole", "photosx/a.jpg"));
        assertThat(locate(r, "s3://media/photos/")).isEqualTo(new StoreRegistry.LinkTarget("photos", ""));
    }

    @Test
    void folderScopedStoreAloneDoesNotHoldKeysOutsideItsFolder() {
        StoreRegistry r = parse("stores:\n  photos:\n    uri: s3://media/photos\n");
        assertThat(r.locate("s3://media/docs/a.pdf")).isEmpty();
        assertThatThrownBy(() -> r.resolve("s3://media/docs/a.pdf")).isInstanceOf(StorageException.class)
                .hasMessageContaining("photos (s3://media/photos): holds only keys under 'photos/'");
    }

    @Test
    void unresolvableLinkNamesEveryCandidateAndWhyItDoesNotMatch() {
        StoreRegistry r = parse("""
                stores:
                  cars:
                    uri: s3://cars-bucket?region=eu-west-1
                    secretKey: do-not-show-me
                    accessKey: AKIAEXAMPLE
                  dogs:
                    uri: gs://dogs
                  boats:
                    uri: azure://acct/boats
                  archive:
                    uri: file:///srv/archive
                """);
        assertThatThrownBy(() -> r.resolve("s3://trucks/truck.jpg"))
                .isInstanceOf(StorageException.class)
                .satisfies(e -> assertThat(((StorageException) e).code()).isEqualTo(ErrorCode.NOT_FOUND))
                .hasMessageContaining("no configured store holds 's3://trucks/truck.jpg'")
                .hasMessageContaining("cars (s3://cars-bucket): bucket 'cars-bucket', not 'trucks'")
                .hasMessageContaining("dogs (gs://dogs): scheme gs, not s3")
                .hasMessageContaining("boats (azure://acct/boats): scheme azure, not s3")
                .hasMessageContaining("archive (file:///srv/archive): scheme file, not s3")
                .hasMessageNotContaining("do-not-show-me");
    }

    @Test
    void googleIsAnAliasOfGs() {
        StoreRegistry r = parse("stores:\n  dogs:\n    uri: gs://dogs_bucket/2020\n");
        assertThat(locate(r, "google://dogs_bucket/2020/rex.jpg")).isEqualTo(new StoreRegistry.LinkTarget("dogs", "rex.jpg"));
        assertThat(locate(r, "gs://dogs_bucket/2020/rex.jpg")).isEqualTo(new StoreRegistry.LinkTarget("dogs", "rex.jpg"));
    }

    @Test
    void azureLinksNameTheContainerAsSuperviselyWritesThemOrTheAccountAsStowageUrisDo() {
        StoreRegistry r = parse("stores:\n  boats:\n    uri: azure://acct/boats/2020\n");
        assertThat(locate(r, "azure://boats/2020/supersonic.jpg")).isEqualTo(new StoreRegistry.LinkTarget("boats", "supersonic.jpg"));
        assertThat(locate(r, "azure://acct/boats/2020/supersonic.jpg")).isEqualTo(new StoreRegistry.LinkTarget("boats", "supersonic.jpg"));
        assertThat(r.locate("azure://acct/ships/2020/a.jpg")).isEmpty();
    }

    @Test
    void fsLinkNamesALocalStoreByItsStorageId() {
        StoreRegistry r = parse("""
                stores:
                  nas:
                    uri: file:///srv/nas
                  other:
                    uri: file:///srv/other
                """);
        assertThat(locate(r, "fs://nas/2024/scan.png")).isEqualTo(new StoreRegistry.LinkTarget("nas", "2024/scan.png"));
        assertThatThrownBy(() -> r.resolve("fs://tape/a.png")).isInstanceOf(StorageException.class)
                .hasMessageContaining("nas (file:///srv/nas): a local store, but its name (the storage id) is not 'tape'");
    }

    @Test
    void linkWithStoreOptionsIsAStoreUriNotALink() {
        StoreRegistry r = parse("stores:\n  cars:\n    uri: s3://cars\n");
        assertThat(r.locate("s3://cars/a.jpg?region=eu-west-1&secretKey=abc")).isEmpty();
        assertThatThrownBy(() -> r.resolve("s3://cars/a.jpg?secretKey=abc"))
                .isInstanceOf(StorageException.class).hasMessageContaining("carries store options")
                .hasMessageNotContaining("abc");
    }

    @Test
    void userOrPortInTheAuthorityMakesAStoreUriNotALink() {
        StoreRegistry r = parse("stores:\n  files:\n    uri: sftp://backup@files.example.com/srv\n");
        assertThat(locate(r, "sftp://files.example.com/srv/a.txt")).isEqualTo(new StoreRegistry.LinkTarget("files", "a.txt"));
        assertThat(r.locate("sftp://other:secret@files.example.com/srv/a.txt")).isEmpty();
        assertThat(r.locate("sftp://files.example.com:2222/srv/a.txt")).isEmpty();
        assertThat(Link.parse("sftp://other:secret@files.example.com/srv/a.txt").toString()).doesNotContain("secret");
    }

    @Test
    void resolveOpensTheStoreHoldingTheLinkAndReadsTheObject() {
        StoreRegistry r = parse("stores:\n  m:\n    uri: mem://links-bucket/folder\n");
        StoreRegistry.Location loc = r.resolve("mem://links-bucket/folder/a/b.txt");
        assertThat(loc.key()).isEqualTo("a/b.txt");
        loc.store().put("a/b.txt", new byte[] {7});
        try (BlobStore direct = BlobStores.open("mem://links-bucket")) {
            assertThat(direct.getBytes("folder/a/b.txt")).containsExactly(7);
        }
        r.close();
    }

    @Test
    void keysWithSpacesAndEscapesAreDecodedOnce() {
        StoreRegistry r = parse("stores:\n  cars:\n    uri: s3://cars\n");
        assertThat(locate(r, "s3://cars/my truck.jpg").key()).isEqualTo("my truck.jpg");
        assertThat(locate(r, "s3://cars/100%25/a+b.jpg").key()).isEqualTo("100%/a+b.jpg");
        assertThatThrownBy(() -> r.locate("s3://cars/100%.jpg")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("%25");
    }
}
