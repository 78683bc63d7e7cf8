package dev.stowage.bench;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Comparator;
import java.util.Random;
import java.util.stream.Stream;

/**
 * The local driver against the JDK on the same disk: put and get of a 64 MiB object versus {@code Files.copy},
 * and a listing of 100,000 keys in a child JVM whose heap is capped at 64 MiB.
 *
 * <p>Run: {@code ./mvnw -q -pl storage-bench -am package -DskipTests && java -cp "storage-bench/target/benchmarks.jar"
 * dev.stowage.bench.LocalBenchmark [folder]}
 */
public final class LocalBenchmark {
    private static final int SIZE = 64 << 20;

    private LocalBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        Path base = args.length > 0 ? Path.of(args[0]) : Path.of("target", "bench-local");
        Files.createDirectories(base);
        Path work = Files.createTempDirectory(base.toAbsolutePath(), "run-");
        try {
            putAndGet(work);
            listing(work);
        } finally {
            deleteTree(work);
        }
    }

    private static void putAndGet(Path work) throws Exception {
        Path source = work.resolve("source.bin");
        byte[] chunk = new byte[1 << 20];
        new Random(1).nextBytes(chunk);
        try (OutputStream out = Files.newOutputStream(source)) {
            for (int i = 0; i < SIZE / chunk.length; i++) {
                out.write(chunk);
            }
        }
        Path jdkDir = Files.createDirectories(work.resolve("jdk"));
        Path sink = work.resolve("sink.bin");
        double mib = SIZE / (1024.0 * 1024.0);
        try (BlobStore store = BlobStores.open(work.resolve("store").toUri().toString())) {
            System.out.println("== local driver vs Files.copy, 64 MiB, same disk ==");
            Ratio.compare("put 64 MiB", "MiB", mib, 2, 7,
                    "Files.copy", () -> {
                        // what a careful application does by hand: copy to a temp file, then move into place
                        Path tmp = jdkDir.resolve("tmp");
                        try (InputStream in = Files.newInputStream(source)) {
                            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
                        }
                        Files.move(tmp, jdkDir.resolve("obj"), StandardCopyOption.ATOMIC_MOVE,
                                StandardCopyOption.REPLACE_EXISTING);
                    },
                    "stowage put", () -> {
                        try (InputStream in = Files.newInputStream(source)) {
                            store.put("obj", ContentSource.ofStream(in, SIZE), PutOptions.defaults());
                        }
                    });
            try (BlobStore durable = BlobStores.open(work.resolve("durable").toUri() + "?fsync=true")) {
                Ratio.compare("put 64 MiB, fsync", "MiB", mib, 2, 7,
                        "copy+force", () -> {
                            // the same by hand, flushed: the file before the move, its folder after
                            Path tmp = jdkDir.resolve("tmp");
                            try (InputStream in = Files.newInputStream(source);
                                 FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE,
                                         StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                                in.transferTo(Channels.newOutputStream(out));
                                out.force(true);
                            }
                            Files.move(tmp, jdkDir.resolve("obj"), StandardCopyOption.ATOMIC_MOVE,
                                    StandardCopyOption.REPLACE_EXISTING);
                            try (FileChannel dir = FileChannel.open(jdkDir, StandardOpenOption.READ)) {
                                dir.force(true);
                            }
                        },
                        "stowage put", () -> {
                            try (InputStream in = Files.newInputStream(source)) {
                                durable.put("obj", ContentSource.ofStream(in, SIZE), PutOptions.defaults());
                            }
                        });
            }
            Ratio.compare("get 64 MiB", "MiB", mib, 2, 7,
                    "Files.copy", () -> {
                        try (InputStream in = Files.newInputStream(jdkDir.resolve("obj"))) {
                            Files.copy(in, sink, StandardCopyOption.REPLACE_EXISTING);
                        }
                    },
                    "stowage get", () -> {
                        try (BlobInputStream in = store.get("obj")) {
                            Files.copy(in, sink, StandardCopyOption.REPLACE_EXISTING);
                        }
                    });
        }
    }

    private static void listing(Path work) throws Exception {
        Path root = work.resolve("many");
        int n = 100_000;
        try (BlobStore store = BlobStores.open(root.toUri().toString())) {
            byte[] one = {1};
            for (int i = 0; i < n; i++) {
                // 100 folders of 1000 keys: a realistic shape, and every page crosses folder boundaries
                store.put(String.format("d%03d/key-%06d", i % 100, i), one);
            }
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
                ListingUnderSmallHeap.class.getName(), root.toUri().toString(), String.valueOf(n))
                .inheritIO().start();
        int exit = p.waitFor();
        if (exit != 0) {
            throw new IllegalStateException("listing under a 64 MiB heap failed with exit code " + exit);
        }
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Lists every key of a store and checks the count; run with a small heap to show paging holds it. */
    public static final class ListingUnderSmallHeap {
        private ListingUnderSmallHeap() {
        }

        public static void main(String[] args) {
            long expected = Long.parseLong(args[1]);
            long t0 = System.nanoTime();
            long count;
            try (BlobStore store = BlobStores.open(args[0]); var entries = store.list(ListOptions.all())) {
                count = entries.count();
            }
            double secs = (System.nanoTime() - t0) / 1e9;
            Runtime rt = Runtime.getRuntime();
            System.out.printf(java.util.Locale.ROOT,
                    "== listing %,d keys with -Xmx%d MiB: %,d listed in %.2f s (%.0f keys/s), heap used at end %.1f MiB%n",
                    expected, rt.maxMemory() >> 20, count, secs, count / secs,
                    (rt.totalMemory() - rt.freeMemory()) / 1048576.0);
            if (count != expected) {
                throw new IllegalStateException("listed " + count + " keys, expected " + expected);
            }
        }
    }
}
