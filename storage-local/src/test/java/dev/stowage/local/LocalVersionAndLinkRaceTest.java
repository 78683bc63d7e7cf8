package dev.stowage.local;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local store's ETag follows the content even when a tool hides a rewrite, and a read never follows a link
 * swapped in while it is under way.
 */
class LocalVersionAndLinkRaceTest {
    @TempDir
    Path tmp;

    @Test
    void sameSizeRewriteKeepingTheModificationTimeChangesTheEtag() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        try (BlobStore store = BlobStores.open(root.toUri().toString())) {
            store.put("a.txt", "version one".getBytes(StandardCharsets.UTF_8));
            String before = store.stat("a.txt").etag();
            Path file = root.resolve("a.txt");
            FileTime mtime = Files.getLastModifiedTime(file);

            try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "rw")) {
                raf.write("version two".getBytes(StandardCharsets.UTF_8)); // same size, same inode
            }
            Files.setLastModifiedTime(file, mtime);

            assertThat(Files.getLastModifiedTime(file)).isEqualTo(mtime);
            assertThat(store.stat("a.txt").etag()).isNotEqualTo(before);
            assertThat(new String(store.getBytes("a.txt"), StandardCharsets.UTF_8)).isEqualTo("version two");
        }
    }

    @Test
    void metadataWrittenBeforeTheEtagChangeStillApplies() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        try (BlobStore store = BlobStores.open(root.toUri().toString())) {
            store.put("a.png", dev.stowage.ContentSource.ofBytes(new byte[] {1, 2, 3}),
                    dev.stowage.PutOptions.builder().contentType("image/png").build());
            FileState state = FileState.read(root.resolve("a.png"));
            // a sidecar as the previous version of the store wrote it: keyed by the tag without the change time
            new Sidecar(state.legacyEtag(), "image/png", null, java.util.Map.of())
                    .write(root.resolve(".stowage/meta/a.png"), root.resolve(".stowage/tmp"), null);
            assertThat(store.stat("a.png").contentType()).isEqualTo("image/png");
        }
    }

    @Test
    void aFolderSwappedForALinkWhileReadingIsNeverFollowedOutOfTheStore() throws Exception {
        Path root = Files.createDirectories(tmp.resolve("root"));
        Path outside = Files.createDirectories(tmp.resolve("outside/a"));
        Files.writeString(outside.resolve("photo.jpg"), "OUTSIDE");
        Path real = Files.createDirectories(root.resolve("a"));
        Files.writeString(real.resolve("photo.jpg"), "inside!");
        Path parked = root.resolve("a.parked");
        Path link = Files.createSymbolicLink(root.resolve("a.link"), outside);

        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger swaps = new AtomicInteger();
        Thread swapper = new Thread(() -> {
            try {
                while (!stop.get()) {
                    Files.move(real, parked, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(link, real, StandardCopyOption.ATOMIC_MOVE); // 'a' is now a link out of the store
                    Files.move(real, link, StandardCopyOption.ATOMIC_MOVE);
                    Files.move(parked, real, StandardCopyOption.ATOMIC_MOVE);
                    swaps.incrementAndGet();
                }
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, "link-swapper");

        int reads = 0;
        int outsideReads = 0;
        try (BlobStore store = BlobStores.open(root.toUri().toString())) {
            swapper.start();
            long deadline = System.nanoTime() + 4_000_000_000L;
            while (System.nanoTime() < deadline && reads < 50_000) {
                try {
                    String got = new String(store.getBytes("a/photo.jpg"), StandardCharsets.UTF_8);
                    if (got.equals("OUTSIDE")) {
                        outsideReads++;
                    }
                    reads++;
                } catch (StorageException e) {
                    // a missing folder or a refused link mid-swap; never a file from outside
                    assertThat(e.code()).isIn(ErrorCode.NOT_FOUND, ErrorCode.PERMISSION_DENIED);
                }
            }
        } finally {
            stop.set(true);
            swapper.join(10_000);
        }
        assertThat(swaps.get()).as("the folder was swapped while reading").isGreaterThan(100);
        assertThat(reads).isPositive();
        assertThat(outsideReads).as("reads that followed the link out of the store").isZero();
    }
}
