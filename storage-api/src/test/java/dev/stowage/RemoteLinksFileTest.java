package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RemoteLinksFileTest {

    /**
     * The example configuration file of Supervisely's documentation ("Links plugin cloud providers support",
     * Enterprise Edition, Remote Storage), character for character, placeholders included. As published it is not
     * valid YAML: the Azure secret_key placeholder holds ": " (PyYAML rejects it the same way).
     */
    static final String DOCUMENTED_EXAMPLE = """
            # s3 example
            my-car-datasets:
              provider: minio
              endpoint: s3.amazonaws.com
              access_key: <your access key>
              secret_key: <your secret key>
              # iam_role: <or just use your iam role>
              region: eu-central-1
              # array of buckets
              buckets:
              - cars_2020_20_10
              - cars_2020_10_10

            # azure example
            my-boats-datasets:
              provider: azure
              endpoint: https://<account name>.blob.core.windows.net
              access_key: <account name>
              secret_key: <secret key 88 chars long or so: aflmg+wg23fWA+6gAafWmgF4a>
              # array of buckets
              buckets:
              - boats_bucket_2020_20_10
              - another_boats_bucket_2020_10_10
            """;

    /** The documented example with each placeholder replaced by a value of its kind; keys and layout unchanged. */
    static final String DOCUMENTED_EXAMPLE_FILLED = DOCUMENTED_EXAMPLE
            .replace("<your access key>", "AKIAEXAMPLEEXAMPLE")
            .replace("<your secret key>", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY")
            .replace("<or just use your iam role>", "supervisely-links")
            .replace("<account name>", "boatsaccount")
            .replace("<secret key 88 chars long or so: aflmg+wg23fWA+6gAafWmgF4a>", "aflmg+wg23fWA+6gAafWmgF4a==");

    private static StoreRegistry parse(String yaml) {
        return StoreRegistry.parse(new StringReader(yaml), "remote_links.yml");
    }

    @Test
    void documentedExampleAsPublishedIsRefusedNamingTheLineAndTheQuotingFix() {
        assertThatThrownBy(() -> parse(DOCUMENTED_EXAMPLE)).isInstanceOf(StorageException.class)
                .hasMessageContaining("remote_links.yml").hasMessageContaining("line 19")
                .hasMessageContaining("quote");
    }

    @Test
    void documentedExampleLoadsAsOneStorePerBucketNamedAccountSlashBucket() {
        StoreRegistry r = parse(DOCUMENTED_EXAMPLE_FILLED);
        assertThat(r.names()).containsExactly("my-car-datasets/cars_2020_20_10", "my-car-datasets/cars_2020_10_10",
                "my-boats-datasets/boats_bucket_2020_20_10", "my-boats-datasets/another_boats_bucket_2020_10_10");

        StoreConfig cars = r.config("my-car-datasets/cars_2020_20_10").orElseThrow();
        assertThat(cars.scheme()).isEqualTo("s3");
        assertThat(cars.host()).isEqualTo("cars_2020_20_10");
        // s3.amazonaws.com is AWS itself: the region picks the endpoint; an underscore bucket needs path-style
        assertThat(cars.options()).containsEntry("region", "eu-central-1").containsEntry("accessKey", "AKIAEXAMPLEEXAMPLE")
                .containsEntry("secretKey", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY").containsEntry("pathStyle", "true")
                .doesNotContainKey("endpoint");

        StoreConfig boats = r.config("my-boats-datasets/boats_bucket_2020_20_10").orElseThrow();
        assertThat(boats.scheme()).isEqualTo("azure");
        assertThat(boats.host()).isEqualTo("boatsaccount");
        assertThat(boats.folder()).isEqualTo("boats_bucket_2020_20_10");
        // the endpoint is the account's standard one, which the driver derives itself
        assertThat(boats.options()).containsOnlyKeys("accountKey").containsEntry("accountKey", "aflmg+wg23fWA+6gAafWmgF4a==");
        assertThat(boats.toString()).doesNotContain("aflmg").doesNotContain("wJalr");
        assertThat(cars.toString()).doesNotContain("wJalr");
    }

    @Test
    void documentedLinksResolveToTheirAccountsBuckets() {
        StoreRegistry r = parse(DOCUMENTED_EXAMPLE_FILLED);
        assertThat(r.locate("s3://cars_2020_20_10/truck.jpg")).contains(
                new StoreRegistry.LinkTarget("my-car-datasets/cars_2020_20_10", "truck.jpg"));
        assertThat(r.locate("azure://boats_bucket_2020_20_10/supersonicboat.jpg")).contains(
                new StoreRegistry.LinkTarget("my-boats-datasets/boats_bucket_2020_20_10", "supersonicboat.jpg"));
    }

    @Test
    void loadReadsTheFileFromDisk(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("remote_links.yml");
        Files.writeString(file, DOCUMENTED_EXAMPLE_FILLED);
        try (StoreRegistry r = StoreRegistry.load(file)) {
            assertThat(r.names()).hasSize(4);
        }
    }

    @Test
    void minioEndpointIsHttpsPathStyleUnlessWrittenAsHttp() {
        StoreRegistry r = parse("""
                lab:
                  provider: minio
                  endpoint: minio.lab.example.com:9000
                  access_key: a
                  secret_key: b
                  buckets: [scans]
                local:
                  provider: minio
                  endpoint: http://127.0.0.1:9000/
                  buckets: [scans]
                """);
        assertThat(r.config("lab/scans").orElseThrow().options())
                .containsEntry("endpoint", "https://minio.lab.example.com:9000").containsEntry("pathStyle", "true");
        StoreConfig local = r.config("local/scans").orElseThrow();
        assertThat(local.options()).containsEntry("endpoint", "http://127.0.0.1:9000")
                .containsEntry("pathStyle", "true").doesNotContainKeys("accessKey", "secretKey");
        // two accounts with a bucket of the same name: the link's endpoint picks one
        assertThat(r.locate("s3://scans/a.png?endpoint=http://127.0.0.1:9000")).contains(
                new StoreRegistry.LinkTarget("local/scans", "a.png"));
        assertThatThrownBy(() -> r.locate("s3://scans/a.png")).hasMessageContaining("lab/scans")
                .hasMessageContaining("local/scans");
    }

    @Test
    void iamRoleMeansTheDefaultCredentialChain() {
        StoreConfig c = parse("""
                acct:
                  provider: minio
                  endpoint: s3.amazonaws.com
                  iam_role: supervisely-reader
                  region: us-west-2
                  buckets: [ml-data]
                """).config("acct/ml-data").orElseThrow();
        assertThat(c.options()).containsOnlyKeys("region");
    }

    @Test
    void googleTakesTheServiceAccountFile() {
        StoreRegistry r = parse("""
                my-dogs-datasets:
                  provider: google
                  credentials_path: /gcs.json
                  buckets:
                  - dogs_bucket_2020_20_10
                """);
        StoreConfig dogs = r.config("my-dogs-datasets/dogs_bucket_2020_20_10").orElseThrow();
        assertThat(dogs.scheme()).isEqualTo("gs");
        assertThat(dogs.options()).containsExactlyEntriesOf(java.util.Map.of("credentialsFile", "/gcs.json"));
        assertThat(r.locate("google://dogs_bucket_2020_20_10/rex.jpg")).contains(
                new StoreRegistry.LinkTarget("my-dogs-datasets/dogs_bucket_2020_20_10", "rex.jpg"));
    }

    @Test
    void unknownKeyIsRefusedByNameWithTheKnownKeys() {
        assertThatThrownBy(() -> parse("""
                acct:
                  provider: minio
                  endpoint: minio:9000
                  use_ssl: false
                  buckets: [b]
                """)).isInstanceOf(StorageException.class)
                .hasMessageContaining("remote_links.yml").hasMessageContaining("account 'acct'")
                .hasMessageContaining("unknown key 'use_ssl'").hasMessageContaining("credentials_path");
    }

    @Test
    void keysThatDoNotApplyToTheProviderAreRefusedByName() {
        assertThatThrownBy(() -> parse("a:\n  provider: google\n  access_key: x\n  secret_key: y\n  buckets: [b]\n"))
                .hasMessageContaining("'access_key' is not used by provider google");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n  credentials_path: /k.json\n  buckets: [b]\n"))
                .hasMessageContaining("'credentials_path' is for provider google");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n  access_key: x\n  iam_role: r\n  buckets: [b]\n"))
                .hasMessageContaining("either access_key and secret_key or iam_role");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n  access_key: x\n  buckets: [b]\n"))
                .hasMessageContaining("access_key and secret_key go together");
    }

    @Test
    void badProviderBucketsAndEndpointsAreExplained() {
        assertThatThrownBy(() -> parse("a:\n  provider: dropbox\n  buckets: [b]\n"))
                .hasMessageContaining("provider 'dropbox' is not one of minio, azure, google");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n")).hasMessageContaining("'buckets:' must list");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n  buckets: b\n")).hasMessageContaining("must be a list");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n  endpoint: ftp://x\n  buckets: [b]\n"))
                .hasMessageContaining("endpoint 'ftp://x'");
        assertThatThrownBy(() -> parse("a:\n  provider: minio\n  buckets: [b]\nnotes: hello\n"))
                .hasMessageContaining("account 'notes' must be a map with 'provider:'");
    }

    @Test
    void azureAccountComesFromTheEndpointWhenAccessKeyIsMissingAndAzuriteKeepsItsEndpoint() {
        StoreRegistry r = parse("""
                cloud:
                  provider: azure
                  endpoint: https://myacct.blob.core.windows.net
                  buckets: [images]
                dev:
                  provider: azure
                  endpoint: http://127.0.0.1:10000/devstoreaccount1
                  access_key: devstoreaccount1
                  secret_key: c2VjcmV0
                  buckets: [images]
                """);
        StoreConfig cloud = r.config("cloud/images").orElseThrow();
        assertThat(cloud.host()).isEqualTo("myacct");
        assertThat(cloud.options()).isEmpty();
        StoreConfig dev = r.config("dev/images").orElseThrow();
        assertThat(dev.options()).containsEntry("endpoint", "http://127.0.0.1:10000/devstoreaccount1")
                .containsEntry("accountKey", "c2VjcmV0");
    }
}
