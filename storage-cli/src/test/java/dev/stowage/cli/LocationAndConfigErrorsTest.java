package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.StoreRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocationAndConfigErrorsTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir);
    }

    @Test
    void unknownStoreNameListsTheConfiguredNames() throws Exception {
        cli.config(cli.localStore("photos") + cli.localStore("archive"));
        CliFixture.Result r = cli.run("ls", "fotos:2024/");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("stowage: unknown store 'fotos' in location 'fotos:2024/'; configured stores in ")
                .contains("stowage.yml: photos, archive");
    }

    @Test
    void unknownStoreWithoutConfigSaysHowToGiveOne() {
        CliFixture.Result r = cli.run("stat", "photos:a.jpg");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no config file was found").contains("--config FILE").contains("STOWAGE_CONFIG");
    }

    @Test
    void configFileComesFromTheEnvironment() throws Exception {
        Path other = dir.resolve("elsewhere.yml");
        Files.writeString(other, "stores:\n" + cli.localStore("envstore"));
        cli.env.put("STOWAGE_CONFIG", other.toString());
        assertThat(cli.run("ls", "envstore:").exit()).isZero();
    }

    @Test
    void explicitConfigThatDoesNotExistIsNamed() {
        CliFixture.Result r = cli.run("ls", "--config", "nope.yml", "x:");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: misconfigured: ").contains("nope.yml").contains("does not exist");
    }

    @Test
    void badUriNamesTheProblem() {
        CliFixture.Result r = cli.run("ls", "s3://my bucket/x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).startsWith("stowage: invalid location: invalid store URI 's3://my bucket/x'")
                .contains("at index");
    }

    @Test
    void unknownSchemeListsTheInstalledOnes() {
        CliFixture.Result r = cli.run("ls", "nosuch://bucket/x");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no installed driver serves the scheme 'nosuch'").contains("file, fs");
    }

    @Test
    void badKeyInALocationIsAUsageError() throws Exception {
        cli.config(cli.localStore("photos"));
        CliFixture.Result r = cli.run("cat", "photos:a//b.jpg");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("invalid location 'photos:a//b.jpg'").contains("empty segment");
    }

    @Test
    void localPathIsRefusedWhereAStoreIsNeeded() {
        CliFixture.Result r = cli.run("ls", "./some/folder");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("is not a store location").contains("file:///");
    }

    @Test
    void malformedConfigFileErrorGivesTheLineNumber() throws Exception {
        Files.writeString(dir.resolve("stowage.yml"), "stores:\n  photos:\n    uri: file:///tmp/x\n   bad: [\n");
        CliFixture.Result r = cli.run("ls", "photos:");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).startsWith("stowage: misconfigured: config file ").contains("not valid YAML")
                .containsPattern("line \\d+");
    }

    @Test
    void missingEnvironmentVariableIsNamed() throws Exception {
        cli.config(cli.localStore("photos", "secretKey: ${env:STOWAGE_TEST_SURELY_UNSET_X}"));
        CliFixture.Result r = cli.run("ls", "photos:");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("STOWAGE_TEST_SURELY_UNSET_X").contains("is not set");
    }

    @Test
    void unknownCommandIsAUsageError() {
        CliFixture.Result r = cli.run("lst", "x:");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("Unmatched argument").contains("ls");
    }

    @Test
    void parserSplitsFileUrisIntoFolderAndKey() {
        LocationParser parser = new LocationParser(() -> StoreRegistry.of(List.of()), () -> null, dir);
        Location object = parser.parse("file:///srv/data/2024/a.jpg", LocationParser.Mode.OBJECT, false);
        assertThat(object.store().path()).isEqualTo("/srv/data/2024");
        assertThat(object.key()).isEqualTo("a.jpg");
        Location folder = parser.parse("file:///srv/data/2024", LocationParser.Mode.FOLDER, false);
        assertThat(folder.store().path()).isEqualTo("/srv/data/2024");
        assertThat(folder.key()).isEmpty();
        Location relative = parser.parse("file:rel/x.txt", LocationParser.Mode.OBJECT, false);
        assertThat(relative.store().path()).isEqualTo(dir.resolve("rel").toString());
    }

    @Test
    void parserTreatsPlainPathsAsLocalOnlyWhenAllowed() {
        LocationParser parser = new LocationParser(() -> StoreRegistry.of(List.of()), () -> null, dir);
        Location local = parser.parse("./x/y.txt", LocationParser.Mode.OBJECT, true);
        assertThat(local.kind()).isEqualTo(Location.Kind.LOCAL);
        assertThat(local.path()).isEqualTo(dir.resolve("x/y.txt"));
        assertThatThrownBy(() -> parser.parse("", LocationParser.Mode.OBJECT, true))
                .isInstanceOf(LocationException.class).hasMessageContaining("must not be empty");
    }

    @Test
    void fileUriInsideAnExistingLocalStoreOpensThatStore() throws Exception {
        Files.createDirectories(dir.resolve("data/.stowage"));
        Files.createDirectories(dir.resolve("data/2024"));
        LocationParser parser = new LocationParser(() -> StoreRegistry.of(List.of()), () -> null, dir);
        Location object = parser.parse("file://" + dir + "/data/2024/a.jpg", LocationParser.Mode.OBJECT, false);
        assertThat(object.store().path()).isEqualTo(dir.resolve("data").toString());
        assertThat(object.key()).isEqualTo("2024/a.jpg");
        Location folder = parser.parse("file://" + dir + "/data/2024", LocationParser.Mode.ANY, false);
        assertThat(folder.store().path()).isEqualTo(dir.resolve("data").toString());
        assertThat(folder.key()).isEqualTo("2024/");
    }
}
