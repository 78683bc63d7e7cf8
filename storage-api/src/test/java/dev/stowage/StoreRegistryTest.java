package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import org.junit.jupiter.api.Test;

class StoreRegistryTest {

    private static StoreRegistry parse(String yaml) {
        return StoreRegistry.parse(new StringReader(yaml), "test.yml");
    }

    @Test
    void readsUriAndProviderForms() {
        StoreRegistry r = parse("""
                stores:
                  photos:
                    uri: s3://bucket/photos?region=eu-west-1
                    publicUrlBase: https://cdn.example.com/
                  archive:
                    provider: sftp
                    host: files.example.com
                    port: 2222
                    user: backup
                    path: /srv/archive
                    readOnly: true
                """);
        assertThat(r.names()).containsExactly("photos", "archive");
        StoreConfig photos = r.config("photos").orElseThrow();
        assertThat(photos.host()).isEqualTo("bucket");
        assertThat(photos.options()).containsEntry("region", "eu-west-1").containsEntry("publicUrlBase", "https://cdn.example.com/");
        StoreConfig archive = r.config("archive").orElseThrow();
        assertThat(archive.scheme()).isEqualTo("sftp");
        assertThat(archive.port()).isEqualTo(2222);
        assertThat(archive.user()).isEqualTo("backup");
        assertThat(archive.options()).containsEntry("readOnly", "true");
    }

    @Test
    void malformedYamlNamesFileAndLine() {
        assertThatThrownBy(() -> parse("stores:\n  a:\n    uri: [unclosed\n"))
                .isInstanceOf(StorageException.class).hasMessageContaining("test.yml").hasMessageContaining("line");
    }

    @Test
    void missingStoresKeyIsExplained() {
        assertThatThrownBy(() -> parse("photos:\n  uri: s3://b\n")).hasMessageContaining("top-level 'stores:'");
    }

    @Test
    void entryWithoutUriOrProviderIsExplained() {
        assertThatThrownBy(() -> parse("stores:\n  x:\n    region: a\n")).hasMessageContaining("store 'x'")
                .hasMessageContaining("uri:");
    }

    @Test
    void missingEnvReferenceNamesStoreAndVariableWhenThatStoreIsOpened() {
        StoreRegistry r = parse("stores:\n  x:\n    uri: mem://b\n    flavour: ${env:STOWAGE_UNSET_FOR_TEST}\n"
                + "  y:\n    uri: mem://c\n");
        assertThatThrownBy(() -> r.store("x")).isInstanceOf(StorageException.class)
                .hasMessageContaining("store 'x'").hasMessageContaining("STOWAGE_UNSET_FOR_TEST");
        assertThat(r.store("y").exists("anything")).isFalse();
    }

    @Test
    void unknownStoreNameListsConfiguredNames() {
        StoreRegistry r = parse("stores:\n  a:\n    uri: s3://b\n  c:\n    uri: s3://d\n");
        assertThatThrownBy(() -> r.store("zzz")).isInstanceOf(StorageException.class)
                .hasMessageContaining("'zzz'").hasMessageContaining("a, c");
    }

    @Test
    void unknownSchemeListsInstalledSchemes() {
        assertThatThrownBy(() -> BlobStores.open("nosuch://bucket"))
                .isInstanceOf(StorageException.class)
                .hasMessageContaining("no installed driver serves the scheme 'nosuch'")
                .hasMessageContaining("installed schemes");
    }

    @Test
    void readsRoutesInBothForms() {
        StoreRegistry r = parse("""
                stores:
                  new: { uri: "file:///srv/new" }
                  old: { uri: "file:///srv/old" }
                routes:
                  photos: [new, old]
                  media:
                    origins: [old]
                    skipUnavailable: true
                """);
        assertThat(r.routes()).containsOnlyKeys("photos", "media");
        assertThat(r.routes().get("photos").origins()).containsExactly("new", "old");
        assertThat(r.routes().get("photos").policy().unavailableFallsThrough()).isFalse();
        assertThat(r.routes().get("media").policy().unavailableFallsThrough()).isTrue();
        assertThat(parse("stores:\n  a: { uri: \"file:///a\" }\n").routes()).isEmpty();
    }

    @Test
    void routeMistakesAreRefusedByName() {
        String stores = "stores:\n  new: { uri: \"file:///n\" }\n  old: { uri: \"file:///o\" }\n";
        assertThatThrownBy(() -> parse(stores + "routes:\n  photos: [new, gone]\n"))
                .hasMessageContaining("route 'photos'").hasMessageContaining("'gone' is not a configured store")
                .hasMessageContaining("configured: new, old");
        assertThatThrownBy(() -> parse(stores + "routes:\n  new: [old]\n"))
                .hasMessageContaining("route 'new'").hasMessageContaining("a store has this name");
        assertThatThrownBy(() -> parse(stores + "routes:\n  p:\n    origins: [new]\n    fallback: yes\n"))
                .hasMessageContaining("unknown key 'fallback'").hasMessageContaining("known: origins, skipUnavailable");
        assertThatThrownBy(() -> parse(stores + "routes:\n  p:\n    origins: [new]\n    skipUnavailable: maybe\n"))
                .hasMessageContaining("skipUnavailable must be true or false");
        assertThatThrownBy(() -> parse(stores + "routes:\n  p: [new, new]\n")).hasMessageContaining("listed twice");
        assertThatThrownBy(() -> parse(stores + "routes:\n  p: new\n")).hasMessageContaining("list of store names");
        assertThatThrownBy(() -> parse(stores + "route:\n  p: [new]\n"))
                .hasMessageContaining("unknown top-level key 'route'").hasMessageContaining("known: stores, routes");
    }
}
