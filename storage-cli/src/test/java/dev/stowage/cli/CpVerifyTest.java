package dev.stowage.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.PutOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** cp checks what the target reports it stored, removes copies that do not match, and says how it checked. */
class CpVerifyTest {
    @TempDir
    Path dir;
    CliFixture cli;

    @BeforeEach
    void setUp() throws Exception {
        cli = new CliFixture(dir);
        cli.config(cli.localStore("src"));
    }

    private String corrupting(String folder, String options) {
        return "corrupting://" + dir.resolve(folder).toAbsolutePath() + "/?" + options;
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    @Test
    void aTargetThatStoresChunkFramingFailsTheCopyAndKeepsNothing() throws Exception {
        // the 55-byte file that an S3-compatible server without aws-chunked decoding stored as 228 bytes
        Files.writeString(dir.resolve("hello.txt"), "x".repeat(55));
        CliFixture.Result r = cli.run("cp", "hello.txt", corrupting("t", "corrupt=frame"));
        assertThat(r.exit()).isEqualTo(1);
        // the store's own write check catches it first: the driver reports what it stored
        assertThat(r.err()).contains("corrupt data: put 'hello.txt'")
                .contains("the server reports 228 bytes stored, 55 were sent").contains("the object was removed");
        assertThat(r.out()).contains("copied 0 objects").contains("1 failed");
        assertThat(dir.resolve("t/hello.txt")).doesNotExist();
    }

    @Test
    void aTargetThatStoresChunkFramingButEchoesTheSizeSentIsCaughtByTheCopysOwnLook() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "x".repeat(55));
        CliFixture.Result r = cli.run("cp", "hello.txt", corrupting("t", "corrupt=frame&echo=true"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("corrupt data: copy of ").contains("hello.txt")
                .contains("the target reports 228 bytes stored, 55 were read from the source")
                .contains("the copy was removed");
        assertThat(r.out()).contains("copied 0 objects").contains("1 failed");
        assertThat(dir.resolve("t/hello.txt")).doesNotExist();
    }

    @Test
    void aMismatchAgainstAnotherVersionThanTheWriteMadeIsReportedButNotRemoved() throws Exception {
        Files.writeString(dir.resolve("hello.txt"), "x".repeat(55));
        CliFixture.Result r = cli.run("cp", "hello.txt", corrupting("t", "corrupt=frame&foreignEtag=true&echo=true"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).contains("not verified: copy of ").contains("the target now reports another version")
                .contains("it was left in place");
        assertThat(dir.resolve("t/hello.txt")).exists(); // possibly another writer's object: not ours to delete
    }

    @Test
    void aFlippedByteIsCaughtByTheDigestTheTargetReportsAndTheCopyIsRemoved() throws Exception {
        Files.write(dir.resolve("data.bin"), random(10_000));
        CliFixture.Result r = cli.run("cp", "data.bin", corrupting("t", "corrupt=flip&digests=true"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err()).containsPattern("the target reports MD5 [0-9a-f]{32}, the source file has [0-9a-f]{32}")
                .contains("the copy was removed");
        assertThat(dir.resolve("t/data.bin")).doesNotExist();
    }

    @Test
    void aFlippedByteInATreeFailsEveryCopyButTheCommandCarriesOn() throws Exception {
        try (BlobStore src = cli.open("src")) {
            for (int i = 0; i < 5; i++) {
                src.put("tree/f" + i + ".bin", random(1000 + i));
            }
        }
        CliFixture.Result r = cli.run("cp", "-r", "src:tree/", corrupting("t", "corrupt=flip&digests=true"));
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.err().lines().filter(l -> l.contains("does not match: the target reports MD5")
                && l.contains("the bytes read have"))).hasSize(5);
        assertThat(r.out()).contains("copied 0 objects").contains("5 failed");
        try (var files = Files.list(dir.resolve("t"))) {
            assertThat(files.filter(p -> !p.getFileName().toString().equals(".stowage"))).isEmpty();
        }
    }

    @Test
    void aCleanCopyToATargetReportingDigestsCountsAsVerifiedByDigest() throws Exception {
        Files.write(dir.resolve("data.bin"), random(100_000));
        CliFixture.Result r = cli.run("cp", "data.bin", corrupting("t", "digests=true"));
        assertThat(r.err()).isEmpty();
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("copied 1 object").contains("verified 1 (0 by size only), 0 failed");
        assertThat(Files.readAllBytes(dir.resolve("t/data.bin"))).isEqualTo(random(100_000));
    }

    @Test
    void aCopyToATargetWithoutDigestsIsVerifiedBySizeAndSaysSo() throws Exception {
        Files.write(dir.resolve("data.bin"), random(1000));
        CliFixture.Result r = cli.run("cp", "data.bin", "src:data.bin");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("verified 1 (1 by size only), 0 failed");
    }

    @Test
    void metadataATargetCannotHoldIsDroppedWithOneWarningForTheWholeCopy() throws Exception {
        try (BlobStore src = cli.open("src")) {
            for (int i = 0; i < 3; i++) {
                byte[] data = ("object " + i).getBytes(StandardCharsets.UTF_8);
                src.put("m/o" + i + ".txt", new ByteArrayInputStream(data), data.length, PutOptions.builder()
                        .contentType("text/plain").cacheControl("max-age=60").metadata(Map.of("n", "" + i)).build());
            }
        }
        CliFixture.Result r = cli.run("cp", "-r", "src:m/", corrupting("plain", "plain=true"));
        assertThat(r.exit()).isZero();
        assertThat(r.err().lines()).containsExactly("stowage: warning: " + "corrupting://"
                + dir.resolve("plain").toAbsolutePath() + "/ cannot store content type, cache control, user metadata;"
                + " copies are made without them (the bytes are copied and verified as usual)");
        assertThat(r.out()).contains("copied 3 objects");
        assertThat(Files.readString(dir.resolve("plain/o2.txt"))).isEqualTo("object 2");
    }

    @Test
    void aCopyBetweenTwoFoldersOfOneStoreIsVerifiedToo() throws Exception {
        try (BlobStore src = cli.open("src")) {
            src.put("a/x.bin", random(5000));
        }
        CliFixture.Result r = cli.run("cp", "src:a/x.bin", "src:b/x.bin");
        assertThat(r.exit()).isZero();
        assertThat(r.out()).contains("copied 1 object").contains("verified 1 (1 by size only)");
        try (BlobStore src = BlobStores.open("file://" + cli.folder("src"))) {
            assertThat(src.getBytes("b/x.bin")).isEqualTo(random(5000));
        }
    }
}
