package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.azure.storage.blob.BlobServiceClientBuilder;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.testkit.emulator.AzuriteEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A Supervisely {@code remote_links.yml} account with {@code provider: azure} (account name as access_key, account
 * key as secret_key) against Azurite, which checks the shared-key signature of every request: the links
 * {@code azure://container/blob} Supervisely writes read through it.
 */
class RemoteLinksAzureTest {
    static final String CONTAINER = "boats-2020";
    static AzuriteEmulator azurite;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() throws Exception {
        azurite = AzuriteEmulator.startOrSkip();
        new BlobServiceClientBuilder().connectionString(azurite.connectionString()).buildClient()
                .createBlobContainerIfNotExists(CONTAINER);
        try (BlobStore direct = BlobStores.open("azure://" + AzuriteEmulator.ACCOUNT + "/" + CONTAINER + "?endpoint="
                + azurite.blobEndpoint() + "&accountKey="
                + URLEncoder.encode(AzuriteEmulator.ACCOUNT_KEY, StandardCharsets.UTF_8))) {
            direct.put("supersonic.jpg", "fast boat".getBytes(StandardCharsets.UTF_8));
            direct.put("2020/sail.jpg", "sail".getBytes(StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() {
        if (azurite != null) {
            azurite.close();
        }
    }

    private CliFixture withRemoteLinks(String secretKey) throws Exception {
        Files.writeString(dir.resolve("remote_links.yml"), """
                # azure example, pointed at Azurite
                my-boats-datasets:
                  provider: azure
                  endpoint: %s
                  access_key: %s
                  secret_key: %s
                  buckets:
                  - %s
                """.formatted(azurite.blobEndpoint(), AzuriteEmulator.ACCOUNT, secretKey, CONTAINER));
        return new CliFixture(dir);
    }

    @Test
    void azureLinksReadThroughTheAccountOfTheRemoteLinksFile() throws Exception {
        CliFixture cli = withRemoteLinks(AzuriteEmulator.ACCOUNT_KEY);
        CliFixture.Result cat = cli.run("--config", "remote_links.yml", "cat", "azure://" + CONTAINER + "/supersonic.jpg");
        assertThat(cat.err()).isEmpty();
        assertThat(cat.out()).isEqualTo("fast boat");

        Files.writeString(dir.resolve("links.txt"), "azure://" + CONTAINER + "/supersonic.jpg\nazure://" + CONTAINER
                + "/2020/sail.jpg\n");
        CliFixture.Result cp = cli.run("--config", "remote_links.yml", "cp", "--files-from", "links.txt", "out/");
        // plain local files keep no content type: said once for the whole command, nothing else on stderr
        assertThat(cp.err().lines().toList()).singleElement().asString().contains("cannot store content type");
        assertThat(cp.exit()).isZero();
        assertThat(Files.readString(dir.resolve("out/supersonic.jpg"))).isEqualTo("fast boat");
        assertThat(Files.readString(dir.resolve("out/2020/sail.jpg"))).isEqualTo("sail");
    }

    @Test
    void aWrongSecretKeyIsRefusedByTheServerWithoutShowingTheKey() throws Exception {
        String wrong = "d3Jvbmcta2V5LXdyb25nLWtleS13cm9uZy1rZXktd3Jvbmcta2V5LXdyb25nLWtleS13cm9uZw==";
        CliFixture cli = withRemoteLinks(wrong);
        CliFixture.Result stat = cli.run("--config", "remote_links.yml", "stat", "azure://" + CONTAINER + "/supersonic.jpg");
        assertThat(stat.exit()).isEqualTo(1);
        assertThat(stat.err()).contains("my-boats-datasets/" + CONTAINER).doesNotContain(wrong);
    }
}
