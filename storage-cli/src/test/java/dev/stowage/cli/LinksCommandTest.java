package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.PutOptions;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Links {@code s3://bucket/key} and {@code fs://storage-id/path} given to the command resolve to the configured
 * store holding them, proven against an S3 server (embedded S3Proxy, which checks the request signatures, so a
 * request without the configured credentials fails) and the local store.
 */
class LinksCommandTest {
    static S3ProxyEmulator s3;
    static BlobStore bucket;
    static final byte[] TRUCK = new byte[300_000];

    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeAll
    static void start() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket("my-s3-bucket");
        bucket = BlobStores.open(s3.storeUri("my-s3-bucket"));
        new Random(7).nextBytes(TRUCK);
        bucket.put("cars/truck.jpg", new ByteArrayInputStream(TRUCK), TRUCK.length, PutOptions.builder()
                .contentType("image/jpeg").metadata(Map.of("camera", "north")).build());
        bucket.put("cars/red car.jpg", "red".getBytes(StandardCharsets.UTF_8));
        bucket.put("boats/sail.jpg", "sail".getBytes(StandardCharsets.UTF_8));
    }

    @AfterAll
    static void stop() throws Exception {
        bucket.close();
        s3.close();
    }

    @BeforeEach
    void setUp() {
        cli = new CliFixture(dir);
    }

    /** A native config entry for the test bucket: endpoint and keys configured once. */
    private String s3Store(String name, String folder) {
        return "  " + name + ":\n    uri: s3://my-s3-bucket" + (folder.isEmpty() ? "" : "/" + folder) + "\n"
                + "    endpoint: " + s3.endpoint() + "\n    region: " + S3ProxyEmulator.REGION + "\n"
                + "    pathStyle: true\n    accessKey: " + S3ProxyEmulator.ACCESS_KEY + "\n"
                + "    secretKey: " + S3ProxyEmulator.SECRET_KEY + "\n";
    }

    @Test
    void statCatUrlAndLsOfAnS3LinkUseTheStoreConfiguredForItsBucket() throws Exception {
        cli.config(s3Store("cars", "cars"));
        CliFixture.Result stat = cli.run("stat", "s3://my-s3-bucket/cars/truck.jpg");
        assertThat(stat.err()).isEmpty();
        assertThat(stat.exit()).isZero();
        assertThat(stat.out()).contains("key            truck.jpg").contains("size           " + TRUCK.length)
                .contains("contentType    image/jpeg").contains("metadata.camera north");

        CliFixture.Result cat = cli.run("cat", "s3://my-s3-bucket/cars/truck.jpg");
        assertThat(cat.exit()).isZero();
        assertThat(cat.outBytes()).isEqualTo(TRUCK);

        CliFixture.Result url = cli.run("url", "s3://my-s3-bucket/cars/red%20car.jpg");
        assertThat(url.exit()).isZero();
        assertThat(url.out().strip()).isEqualTo(s3.endpoint() + "/my-s3-bucket/cars/red%20car.jpg");

        CliFixture.Result ls = cli.run("ls", "s3://my-s3-bucket/cars/");
        assertThat(ls.exit()).isZero();
        assertThat(ls.out().lines()).containsExactly("red car.jpg", "truck.jpg");

        CliFixture.Result cp = cli.run("cp", "s3://my-s3-bucket/cars/truck.jpg", "copy.jpg");
        assertThat(cp.exit()).isZero();
        assertThat(Files.readAllBytes(dir.resolve("copy.jpg"))).isEqualTo(TRUCK);
    }

    @Test
    void rmOfAnS3LinkDeletesThroughTheConfiguredStore() throws Exception {
        bucket.put("tmp/gone.txt", new byte[] {1});
        cli.config(s3Store("whole", ""));
        assertThat(cli.run("rm", "s3://my-s3-bucket/tmp/gone.txt").exit()).isZero();
        assertThat(bucket.exists("tmp/gone.txt")).isFalse();
    }

    @Test
    void superviselyRemoteLinksYmlIsReadAsIsAndItsLinksWork() throws Exception {
        Path file = dir.resolve("remote_links.yml");
        Files.writeString(file, """
                # the S3 server, as a Supervisely account
                my-account:
                  provider: minio
                  endpoint: %s
                  access_key: %s
                  secret_key: %s
                  buckets:
                  - my-s3-bucket
                """.formatted(s3.endpoint(), S3ProxyEmulator.ACCESS_KEY, S3ProxyEmulator.SECRET_KEY));
        CliFixture.Result stat = cli.run("--config", "remote_links.yml", "stat", "s3://my-s3-bucket/cars/truck.jpg");
        assertThat(stat.err()).isEmpty();
        assertThat(stat.out()).contains("key            cars/truck.jpg");
        // the store is also reachable by its name, account/bucket
        CliFixture.Result cat = cli.run("--config", "remote_links.yml", "cat", "my-account/my-s3-bucket:boats/sail.jpg");
        assertThat(cat.exit()).isZero();
        assertThat(cat.out()).isEqualTo("sail");
    }

    @Test
    void cpFilesFromCopiesEveryListedLinkUnderItsKeyAndReportsBadLinesByNumber() throws Exception {
        cli.config(s3Store("media", "") + cli.localStore("nas"));
        try (BlobStore nas = cli.open("nas")) {
            nas.put("scans/a.png", "scan".getBytes(StandardCharsets.UTF_8));
        }
        Files.writeString(dir.resolve("links.txt"), """
                # exported from Supervisely
                s3://my-s3-bucket/cars/truck.jpg

                s3://my-s3-bucket/cars/red car.jpg
                fs://tape/old.png
                fs://nas/scans/a.png
                s3://my-s3-bucket/cars/missing.jpg
                   s3://my-s3-bucket/boats/sail.jpg
                """);
        CliFixture.Result r = cli.run("cp", "--files-from", "links.txt", "out/");
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.out()).startsWith("copied 4 objects, ").contains(" 2 failed");
        assertThat(r.err()).contains("links.txt line 5: ").contains("fs://tape/")
                .contains("missing.jpg").doesNotContain("line 7:");
        assertThat(Files.readAllBytes(dir.resolve("out/cars/truck.jpg"))).isEqualTo(TRUCK);
        assertThat(Files.readString(dir.resolve("out/cars/red car.jpg"))).isEqualTo("red");
        assertThat(Files.readString(dir.resolve("out/scans/a.png"))).isEqualTo("scan");
        assertThat(Files.readString(dir.resolve("out/boats/sail.jpg"))).isEqualTo("sail");
        assertThat(dir.resolve("out/cars/missing.jpg")).doesNotExist();
    }

    @Test
    void cpFilesFromIntoAStoreKeepsContentTypeAndMetadataLikeCpOfOneObject() throws Exception {
        cli.config(s3Store("media", "") + cli.localStore("backup"));
        Files.writeString(dir.resolve("links.txt"), "s3://my-s3-bucket/cars/truck.jpg\nmedia:boats/sail.jpg\n");
        CliFixture.Result r = cli.run("cp", "--files-from", "links.txt", "fs://backup/incoming/");
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        try (BlobStore backup = cli.open("backup")) {
            assertThat(backup.getBytes("incoming/cars/truck.jpg")).isEqualTo(TRUCK);
            assertThat(backup.stat("incoming/cars/truck.jpg").contentType()).isEqualTo("image/jpeg");
            assertThat(backup.stat("incoming/cars/truck.jpg").userMetadata()).containsEntry("camera", "north");
            assertThat(backup.getBytes("incoming/boats/sail.jpg")).isEqualTo("sail".getBytes(StandardCharsets.UTF_8));
        }
    }

    @Test
    void cpFilesFromWithAMissingListOrASourceIsAUsageError() throws Exception {
        cli.config(cli.localStore("backup"));
        CliFixture.Result missing = cli.run("cp", "--files-from", "nope.txt", "backup:");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--files-from nope.txt: no such file");
        Files.writeString(dir.resolve("links.txt"), "backup:a\n");
        CliFixture.Result both = cli.run("cp", "--files-from", "links.txt", "backup:a", "backup:b/");
        assertThat(both.exit()).isEqualTo(2);
        assertThat(both.err()).contains("give only the DST folder");
    }

    @Test
    void twoStoresSharingABucketNameOnDifferentServersArePickedByTheLinksEndpoint() throws Exception {
        try (S3ProxyEmulator other = S3ProxyEmulator.start()) {
            other.createBucket("my-s3-bucket");
            try (BlobStore b = BlobStores.open(other.storeUri("my-s3-bucket"))) {
                b.put("cars/truck.jpg", "the other truck".getBytes(StandardCharsets.UTF_8));
            }
            cli.config(s3Store("first", "") + s3Store("second", "").replace(s3.endpoint().toString(),
                    other.endpoint().toString()));
            CliFixture.Result ambiguous = cli.run("cat", "s3://my-s3-bucket/cars/truck.jpg");
            assertThat(ambiguous.exit()).isEqualTo(2);
            assertThat(ambiguous.err()).contains("several configured stores").contains("first (s3://my-s3-bucket at "
                    + s3.endpoint() + ")").contains("second (s3://my-s3-bucket at " + other.endpoint() + ")")
                    .contains("?endpoint=").doesNotContain(S3ProxyEmulator.SECRET_KEY);

            CliFixture.Result picked = cli.run("cat", "s3://my-s3-bucket/cars/truck.jpg?endpoint=" + other.endpoint());
            assertThat(picked.err()).isEmpty();
            assertThat(picked.out()).isEqualTo("the other truck");
            assertThat(cli.run("cat", "s3://my-s3-bucket/cars/truck.jpg?endpoint=" + s3.endpoint()).outBytes())
                    .isEqualTo(TRUCK);
        }
    }

    @Test
    void fsLinkToAnUnknownStorageIdNamesTheConfiguredStores() throws Exception {
        cli.config(cli.localStore("nas") + s3Store("media", ""));
        CliFixture.Result r = cli.run("stat", "fs://tape/a.png");
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("no configured store holds 'fs://tape/a.png'")
                .contains("nas (file://").contains("its name (the storage id) is not 'tape'")
                .contains("media (s3://my-s3-bucket at " + s3.endpoint() + "): not a local store")
                .doesNotContain(S3ProxyEmulator.SECRET_KEY);
    }

    @Test
    void fsLinkReadsTheNamedLocalStore() throws Exception {
        cli.config(cli.localStore("nas"));
        try (BlobStore nas = cli.open("nas")) {
            nas.put("2024/scan.txt", "scanned".getBytes(StandardCharsets.UTF_8));
        }
        CliFixture.Result r = cli.run("cat", "fs://nas/2024/scan.txt");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("scanned");
    }

    @Test
    void linkNoConfiguredStoreHoldsIsOpenedAsAStoreUriWithANoteSayingWhy() throws Exception {
        cli.config(s3Store("cars", "cars"));
        // the fallback opens s3://my-s3-bucket at the endpoint given inline, so no configured store is involved
        CliFixture.Result r = cli.run("cat", "s3://my-s3-bucket/boats/sail.jpg?endpoint=" + s3.endpoint()
                + "&region=" + S3ProxyEmulator.REGION + "&pathStyle=true&accessKey=" + S3ProxyEmulator.ACCESS_KEY
                + "&secretKey=" + S3ProxyEmulator.SECRET_KEY);
        assertThat(r.out()).isEqualTo("sail");
        assertThat(r.err()).isEmpty(); // a store URI with options says how to open it: no note

        // a link of a configured scheme that no store holds: opened as a URI, after a note saying why; here the URI
        // itself is refused before any I/O (an SFTP URI needs a user), so nothing is reached over the network
        cli.config(s3Store("cars", "cars") + "  files:\n    uri: sftp://backup@127.0.0.1/srv\n    password: pw\n");
        CliFixture.Result outside = cli.run("stat", "sftp://127.0.0.1/other/a.txt");
        assertThat(outside.exit()).isNotZero();
        assertThat(outside.err()).startsWith("stowage: note: no configured store holds 'sftp://127.0.0.1/other/a.txt'")
                .contains("files (sftp://127.0.0.1/srv): holds only keys under 'srv/'")
                .contains("cars (s3://my-s3-bucket/cars at " + s3.endpoint() + "): scheme s3, not sftp")
                .contains("opening sftp://127.0.0.1 as a store URI instead")
                .doesNotContain(S3ProxyEmulator.SECRET_KEY).doesNotContain("pw");
    }

    @Test
    void uriWithStoreOptionsIsStillOpenedAsGiven() throws Exception {
        cli.config(cli.localStore("nas"));
        CliFixture.Result r = cli.run("cat", s3.storeUri("my-s3-bucket", "boats") .replace("s3://my-s3-bucket/boats",
                "s3://my-s3-bucket/boats/sail.jpg"));
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).isEqualTo("sail");
    }
}
