package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.testkit.faults.FaultyContent;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Writes land whole or not at all, and leave nothing behind when they fail. */
class LocalAtomicWriteTest {
    @TempDir
    Path root;
    BlobStore store;

    @BeforeEach
    void open() {
        store = BlobStores.open(root.toUri().toString());
    }

    @AfterEach
    void close() {
        store.close();
    }

    private static byte[] random(int size) {
        byte[] b = new byte[size];
        new Random(size).nextBytes(b);
        return b;
    }

    private long temporaryFiles() throws IOException {
        try (Stream<Path> files = Files.list(root.resolve(".stowage/tmp"))) {
            return files.count();
        }
    }

    @Test
    void putWhoseSourceThrowsMidStreamLeavesThePreviousObjectIntact() {
        store.put("photo.jpg", "previous".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.put("photo.jpg", FaultyContent.failingAfter(random(200_000), 100_000),
                PutOptions.defaults())).isInstanceOf(StorageException.class);
        assertThat(new String(store.getBytes("photo.jpg"), StandardCharsets.UTF_8)).isEqualTo("previous");
    }

    @Test
    void failedPutLeavesNoTemporaryFileInListingsOrOnDisk() throws IOException {
        store.put("a/kept.txt", "kept".getBytes(StandardCharsets.UTF_8));
        assertThatThrownBy(() -> store.put("a/broken.bin", FaultyContent.failingAfter(random(50_000), 10_000),
                PutOptions.defaults())).isInstanceOf(StorageException.class);
        try (Stream<ListEntry> all = store.list(ListOptions.all())) {
            assertThat(all.map(ListEntry::key)).containsExactly("a/kept.txt");
        }
        assertThat(temporaryFiles()).isZero();
        assertThat(root.resolve("a/broken.bin")).doesNotExist();
    }

    @Test
    void successfulPutLeavesNoTemporaryFile() throws IOException {
        store.put("x.bin", random(10_000));
        store.put("x.bin", dev.stowage.ContentSource.ofBytes(random(20_000)), PutOptions.builder().metadata(java.util.Map.of("k", "v")).build());
        assertThat(temporaryFiles()).isZero();
    }

    @Test
    void temporaryFilesAreNeverListed() throws IOException {
        Files.createDirectories(root.resolve(".stowage/tmp"));
        Files.writeString(root.resolve(".stowage/tmp/leftover.part"), "crash debris");
        store.put("real.txt", "x".getBytes(StandardCharsets.UTF_8));
        try (Stream<ListEntry> all = store.list(ListOptions.all())) {
            assertThat(all.map(ListEntry::key)).containsExactly("real.txt");
        }
        try (Stream<ListEntry> top = store.list(ListOptions.builder().delimiter("/").build())) {
            assertThat(top.map(ListEntry::key)).containsExactly("real.txt");
        }
    }

    @Test
    void openingAFolderAndReadingItCreatesNothingInIt() throws IOException {
        Path folder = Files.createDirectories(root.resolve("existing"));
        Files.writeString(folder.resolve("a.txt"), "a");
        try (BlobStore reader = BlobStores.open(folder.toUri().toString())) {
            try (Stream<ListEntry> all = reader.list(ListOptions.all())) {
                assertThat(all.map(ListEntry::key)).containsExactly("a.txt");
            }
            assertThat(reader.stat("a.txt").size()).isEqualTo(1);
            assertThat(reader.getBytes("a.txt")).containsExactly('a');
            reader.delete("missing.txt");
        }
        try (Stream<Path> files = Files.list(folder)) {
            assertThat(files.map(p -> p.getFileName().toString())).containsExactly("a.txt");
        }
    }

    @Test
    void theTemporaryFolderIsMadeAgainWhenRemovedWhileTheStoreIsOpen() throws IOException {
        store.put("one.txt", new byte[] {1});
        Files.delete(root.resolve(".stowage/tmp"));
        store.put("two.txt", new byte[] {2});
        assertThat(store.getBytes("two.txt")).containsExactly(2);
    }

    @Test
    void streamShorterThanDeclaredIsInvalidArgument() {
        StorageException e = (StorageException) org.assertj.core.api.Assertions.catchThrowable(() -> store.put(
                "short.bin", FaultyContent.shorterThanDeclared(new byte[3], 10), PutOptions.defaults()));
        assertThat(e.code()).isEqualTo(ErrorCode.INVALID_ARGUMENT);
        assertThat(e.getMessage()).contains("short.bin").contains("declared length");
        assertThat(root.resolve("short.bin")).doesNotExist();
    }

    @Test
    void replacingAnObjectChangesTheFileNotItsContentInPlace() throws IOException {
        // a reader holding the old file keeps reading the old version: writes replace, never modify
        store.put("v.txt", "version one".getBytes(StandardCharsets.UTF_8));
        try (var in = store.get("v.txt")) {
            store.put("v.txt", "version two, longer".getBytes(StandardCharsets.UTF_8));
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("version one");
        }
        assertThat(new String(store.getBytes("v.txt"), StandardCharsets.UTF_8)).isEqualTo("version two, longer");
    }

    @Test
    void temporaryFilesLeftByACrashAreRemovedWhenTheStoreOpensADayLater() throws IOException {
        Files.createDirectories(root.resolve(".stowage/tmp"));
        Path old = Files.writeString(root.resolve(".stowage/tmp/crashed.part"), "debris");
        Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.from(
                java.time.Instant.now().minus(java.time.Duration.ofDays(2))));
        Path recent = Files.writeString(root.resolve(".stowage/tmp/in-progress.part"), "another writer");
        BlobStores.open(root.toUri().toString()).close();
        assertThat(old).doesNotExist();
        assertThat(recent).exists();
    }
}
