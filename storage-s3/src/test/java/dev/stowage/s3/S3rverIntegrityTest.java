package dev.stowage.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.testkit.emulator.S3rverEmulator;
import java.io.ByteArrayInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exact bytes on an S3-compatible server that does not decode {@code aws-chunked} bodies (s3rver, from npm, over
 * plain HTTP): what it keeps on disk must be the bytes sent, single-part and multipart, from files and one-shot
 * streams. Signing each chunk of the body is the SDK's default over HTTP, and such a server stores the framing.
 */
class S3rverIntegrityTest {
    private static final String BUCKET = "integrity";
    private static final int MIB = 1024 * 1024;
    private static S3rverEmulator s3rver;

    private BlobStore store;
    private String folder;

    @BeforeAll
    static void start() {
        s3rver = S3rverEmulator.startOrSkip(BUCKET);
    }

    @AfterAll
    static void stop() {
        if (s3rver != null) {
            s3rver.close();
        }
    }

    @BeforeEach
    void open() {
        folder = "i-" + UUID.randomUUID().toString().substring(0, 8);
        store = BlobStores.open("s3://" + BUCKET + "/" + folder + "?endpoint=" + s3rver.endpoint()
                + "&pathStyle=true&region=us-east-1&accessKey=" + S3rverEmulator.ACCESS_KEY
                + "&secretKey=" + S3rverEmulator.SECRET_KEY + "&partSizeMiB=8&multipartThresholdMiB=32");
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void smallFileIsStoredExactly(@TempDir Path dir) throws Exception {
        byte[] data = random(55);
        Path file = Files.write(dir.resolve("small.bin"), data);
        BlobInfo info = store.put("small.bin", ContentSource.ofPath(file), PutOptions.defaults());
        assertStoredExactly("small.bin", data, info);
    }

    @Test
    void smallOneShotStreamIsStoredExactly() throws Exception {
        byte[] data = random(55);
        BlobInfo info = store.put("stream.bin", new ByteArrayInputStream(data), data.length, PutOptions.defaults());
        assertStoredExactly("stream.bin", data, info);
    }

    @Test
    void oneShotStreamLargerThanAPartIsStoredExactly() throws Exception {
        byte[] data = random(9 * MIB + 3);
        BlobInfo info = store.put("stream9.bin", new ByteArrayInputStream(data), data.length, PutOptions.defaults());
        assertStoredExactly("stream9.bin", data, info);
    }

    @Test
    void unknownLengthStreamIsStoredExactly() throws Exception {
        byte[] data = random(70_001);
        BlobInfo info = store.put("unknown.bin", ContentSource.ofStream(new ByteArrayInputStream(data),
                ContentSource.UNKNOWN_LENGTH), PutOptions.defaults());
        assertStoredExactly("unknown.bin", data, info);
    }

    @Test
    void multipartFileIsStoredExactly(@TempDir Path dir) throws Exception {
        byte[] data = random(40 * MIB + 7);
        Path file = Files.write(dir.resolve("large.bin"), data);
        BlobInfo info = store.put("large.bin", ContentSource.ofPath(file), PutOptions.defaults());
        assertStoredExactly("large.bin", data, info);
    }

    private void assertStoredExactly(String key, byte[] data, BlobInfo info) throws Exception {
        assertThat(info.size()).isEqualTo(data.length);
        byte[] onDisk = s3rver.storedBytes(folder + "/" + key);
        assertThat(onDisk.length).as("bytes s3rver stored").isEqualTo(data.length);
        assertThat(onDisk).isEqualTo(data);
        assertThat(store.getBytes(key)).isEqualTo(data);
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }
}
