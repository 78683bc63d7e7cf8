package dev.stowage.bench;

import com.sun.management.ThreadMXBean;
import dev.stowage.transform.ImageTransformer;
import dev.stowage.transform.Transform;
import dev.stowage.transform.TransformLimits;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriteParam;
import javax.imageio.ImageWriter;
import javax.imageio.stream.MemoryCacheImageOutputStream;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * Image transforms against Thumbnailator (and {@code vipsthumbnail} when installed), in one process:
 * a 4000×3000 photograph to an 800×600 cover crop as JPEG q80, plus a 300×225 thumbnail.
 *
 * <p>Reports throughput (wall clock and CPU time per image, single thread), quality as SSIM of the luma
 * against an area-averaged full decode, allocation and peak heap per transform, and the 2-thread speed-up.
 * The photograph is Debian's {@code plasma-workspace-wallpapers} "SafeLanding" (LGPL-3), fetched with
 * {@code apt-get download} into {@code target/bench-fixtures} on first run, cropped to 4:3 and scaled to
 * 4000×3000; without it a generated image of gradients and noise is used.
 *
 * <p>Run: {@code java -cp <storage-bench class path> dev.stowage.bench.TransformBenchmark [iterations]}.
 */
public final class TransformBenchmark {
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();
    // The pure-Java engine: this benchmark holds it to 2× Thumbnailator; EngineBenchmark compares the engines.
    private static final ImageTransformer TRANSFORMER = new ImageTransformer(TransformLimits.DEFAULTS,
            dev.stowage.transform.EngineChoice.JAVA);
    private static final Path FIXTURES = Path.of(System.getProperty("bench.dir", "target/bench-fixtures"));

    private TransformBenchmark() {
    }

    /** A transform under test: source bytes in, encoded bytes out. */
    private interface Pipeline {
        byte[] run(byte[] source, int w, int h) throws IOException;
    }

    private static byte[] ours(byte[] source, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        TRANSFORMER.transform(new ByteArrayInputStream(source),
                Transform.parseQuery("w=" + w + "&h=" + h + "&fit=cover&f=jpeg&q=80"), out);
        return out.toByteArray();
    }

    private static byte[] thumbnailator(byte[] source, int w, int h) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thumbnails.of(new ByteArrayInputStream(source)).size(w, h).crop(Positions.CENTER).outputFormat("jpeg")
                .outputQuality(0.8).toOutputStream(out);
        return out.toByteArray();
    }

    public static void main(String[] args) throws Exception {
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        Files.createDirectories(FIXTURES);
        Path photo = fixture();
        byte[] source = Files.readAllBytes(photo);
        System.out.printf(Locale.ROOT, "source %s, %d bytes; %d iterations; %d CPUs; load average %.1f%n",
                photo.getFileName(), source.length, iterations, Runtime.getRuntime().availableProcessors(),
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        BufferedImage full = ImageIO.read(photo.toFile());
        for (int[] size : new int[][] {{800, 600}, {300, 225}}) {
            compare(source, photo, full, size[0], size[1], iterations);
        }
    }

    private static void compare(byte[] source, Path photo, BufferedImage full, int w, int h, int iterations)
            throws Exception {
        System.out.printf(Locale.ROOT, "%n== %dx%d cover, JPEG q80 ==%n", w, h);
        double[][] reference = areaAverageLuma(full, w, h);
        Pipeline[] pipelines = {TransformBenchmark::ours, TransformBenchmark::thumbnailator};
        String[] names = {"stowage", "thumbnailator"};
        for (Pipeline p : pipelines) { // warm-up: JIT, plugin registry, native libraries
            for (int i = 0; i < Math.max(5, iterations / 3); i++) {
                p.run(source, w, h);
            }
        }
        double[][] single = new double[2][];
        for (int k = 0; k < 2; k++) {
            single[k] = measure(pipelines[k], source, w, h, iterations);
        }
        System.out.printf(Locale.ROOT, "%-14s %9s %11s %10s %12s %8s %8s%n", "", "images/s", "CPU ms/img",
                "alloc MB", "peak heap MB", "SSIM", "bytes");
        for (int k = 0; k < 2; k++) {
            byte[] out = pipelines[k].run(source, w, h);
            System.out.printf(Locale.ROOT, "%-14s %9.2f %11.1f %10.1f %12.1f %8.4f %8d%n", names[k], single[k][0],
                    single[k][1], single[k][2] / 1e6, peakHeap(pipelines[k], source, w, h) / 1e6,
                    ssim(reference, decode(out)), out.length);
        }
        vips(photo, reference, w, h, iterations);
        System.out.printf(Locale.ROOT, "ratio stowage/thumbnailator: %.2fx wall, %.2fx CPU%n",
                single[0][0] / single[1][0], single[1][1] / single[0][1]);
        for (int k = 0; k < 2; k++) {
            double[] two = twoThreads(pipelines[k], source, w, h, iterations);
            System.out.printf(Locale.ROOT, "%s on 2 threads: %.2f images/s, %.2fx one thread (wall);"
                    + " %.1f CPU ms/img (%.2fx the single-thread CPU cost)%n", names[k], two[0], two[0] / single[k][0],
                    two[1], two[1] / single[k][1]);
        }
    }

    /** Single-thread images/s (wall), CPU ms per image and allocated bytes per image; median of 3 rounds. */
    private static double[] measure(Pipeline p, byte[] source, int w, int h, int iterations) throws IOException {
        double[][] rounds = new double[3][];
        long thread = Thread.currentThread().getId();
        for (int r = 0; r < rounds.length; r++) {
            long wall = System.nanoTime();
            long cpu = THREADS.getCurrentThreadCpuTime();
            long alloc = THREADS.getThreadAllocatedBytes(thread);
            for (int i = 0; i < iterations; i++) {
                p.run(source, w, h);
            }
            rounds[r] = new double[] {iterations / ((System.nanoTime() - wall) / 1e9),
                (THREADS.getCurrentThreadCpuTime() - cpu) / 1e6 / iterations,
                (double) (THREADS.getThreadAllocatedBytes(thread) - alloc) / iterations};
        }
        Arrays.sort(rounds, (a, b) -> Double.compare(a[0], b[0]));
        return rounds[1];
    }

    /** Heap occupancy peak during one transform above the level after a full GC (garbage included). */
    private static long peakHeap(Pipeline p, byte[] source, int w, int h) throws IOException {
        List<MemoryPoolMXBean> heap = new ArrayList<>();
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                heap.add(pool);
            }
        }
        System.gc();
        long base = heap.stream().mapToLong(pool -> pool.getUsage().getUsed()).sum();
        heap.forEach(MemoryPoolMXBean::resetPeakUsage);
        p.run(source, w, h);
        return heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum() - base;
    }

    /**
     * Two threads each doing {@code iterations} transforms: aggregate images/s (wall clock) and CPU ms per image.
     * On a shared machine the wall-clock figure depends on what else runs; CPU time per image staying at its
     * single-thread value shows the transforms do not contend (locks, allocation, memory bandwidth).
     */
    private static double[] twoThreads(Pipeline p, byte[] source, int w, int h, int iterations) throws Exception {
        Thread[] threads = new Thread[2];
        long[] cpu = new long[threads.length];
        Exception[] failure = new Exception[1];
        long start = System.nanoTime();
        for (int t = 0; t < threads.length; t++) {
            int index = t;
            threads[t] = new Thread(() -> {
                long begin = THREADS.getCurrentThreadCpuTime();
                try {
                    for (int i = 0; i < iterations; i++) {
                        p.run(source, w, h);
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
                cpu[index] = THREADS.getCurrentThreadCpuTime() - begin;
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        double images = 2.0 * iterations;
        return new double[] {images / ((System.nanoTime() - start) / 1e9), (cpu[0] + cpu[1]) / 1e6 / images};
    }

    /** {@code vipsthumbnail} as an outside reference: one process per batch of files, single-threaded libvips. */
    private static void vips(Path photo, double[][] reference, int w, int h, int iterations) throws Exception {
        if (!onPath("vipsthumbnail")) {
            System.out.println("vipsthumbnail: not installed (apt-get install -y libvips-tools)");
            return;
        }
        Path dir = Files.createDirectories(FIXTURES.resolve("vips"));
        List<String> command = new ArrayList<>(List.of("vipsthumbnail", "--size", w + "x" + h,
                "--smartcrop", "centre", "-o", dir.toAbsolutePath() + "/%s-" + w + ".jpg[Q=80]"));
        for (int i = 0; i < iterations; i++) {
            Path copy = dir.resolve("in" + i + ".jpg");
            Files.copy(photo, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            command.add(copy.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("VIPS_CONCURRENCY", "1");
        long start = System.nanoTime();
        Process process = pb.start();
        String log = new String(process.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            System.out.println("vipsthumbnail failed: " + log);
            return;
        }
        double rate = iterations / ((System.nanoTime() - start) / 1e9);
        byte[] out = Files.readAllBytes(dir.resolve("in0-" + w + ".jpg"));
        System.out.printf(Locale.ROOT, "%-14s %9.2f %11s %10s %12s %8.4f %8d  (libvips, 1 thread, incl. one"
                + " process start)%n", "vipsthumbnail", rate, "-", "-", "-", ssim(reference, decode(out)), out.length);
    }

    static boolean onPath(String program) {
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator))
                .anyMatch(dir -> Files.isExecutable(Path.of(dir, program)));
    }

    // ---- fixture ------------------------------------------------------------------------------------------

    private static Path fixture() throws IOException, InterruptedException {
        Path photo = FIXTURES.resolve("photo-4000x3000.jpg");
        if (Files.exists(photo)) {
            return photo;
        }
        BufferedImage wallpaper = downloadWallpaper();
        BufferedImage img = new BufferedImage(4000, 3000, BufferedImage.TYPE_3BYTE_BGR);
        if (wallpaper != null) {
            // Centre 4:3 crop scaled to 4000×3000: a real photograph's detail and noise at the benchmark size.
            int cw = Math.min(wallpaper.getWidth(), wallpaper.getHeight() * 4 / 3);
            int ch = cw * 3 / 4;
            int x = (wallpaper.getWidth() - cw) / 2;
            int y = (wallpaper.getHeight() - ch) / 2;
            Graphics2D g = img.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_INTERPOLATION, RenderingHints.VALUE_INTERPOLATION_BICUBIC);
            g.drawImage(wallpaper, 0, 0, 4000, 3000, x, y, x + cw, y + ch, null);
            g.dispose();
        } else {
            System.out.println("wallpaper package unavailable: using a generated image of gradients and noise");
            Random random = new Random(42);
            for (int j = 0; j < 3000; j++) {
                for (int i = 0; i < 4000; i++) {
                    int n = random.nextInt(40) - 20;
                    int r = clamp(255 * i / 4000 + n);
                    int gr = clamp(255 * j / 3000 + n);
                    int b = clamp(128 + (int) (90 * Math.sin(i / 29.0) * Math.cos(j / 41.0)) + n);
                    img.setRGB(i, j, r << 16 | gr << 8 | b);
                }
            }
        }
        ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
        ImageWriteParam param = writer.getDefaultWriteParam();
        param.setCompressionMode(ImageWriteParam.MODE_EXPLICIT);
        param.setCompressionQuality(0.9f);
        try (MemoryCacheImageOutputStream out = new MemoryCacheImageOutputStream(Files.newOutputStream(photo))) {
            writer.setOutput(out);
            writer.write(null, new IIOImage(img, null, null), param);
        }
        writer.dispose();
        return photo;
    }

    private static BufferedImage downloadWallpaper() throws InterruptedException {
        try {
            Path dir = Files.createDirectories(FIXTURES.resolve("wallpapers"));
            if (!Files.exists(dir.resolve("usr"))) {
                run(dir, "apt-get", "download", "plasma-workspace-wallpapers");
                try (Stream<Path> debs = Files.list(dir)) {
                    Path deb = debs.filter(f -> f.toString().endsWith(".deb")).findFirst().orElse(null);
                    if (deb == null) {
                        return null;
                    }
                    run(dir, "dpkg", "-x", deb.getFileName().toString(), ".");
                }
            }
            Path image = dir.resolve("usr/share/wallpapers/SafeLanding/contents/images/5120x2880.jpg");
            return Files.exists(image) ? ImageIO.read(image.toFile()) : null;
        } catch (IOException e) {
            return null;
        }
    }

    static void run(Path dir, String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        p.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroy();
        }
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }

    // ---- quality ------------------------------------------------------------------------------------------

    static BufferedImage decode(byte[] jpeg) {
        try {
            return ImageIO.read(new ByteArrayInputStream(jpeg));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static double[][] luma(BufferedImage img) {
        double[][] y = new double[img.getHeight()][img.getWidth()];
        for (int j = 0; j < img.getHeight(); j++) {
            for (int i = 0; i < img.getWidth(); i++) {
                int p = img.getRGB(i, j);
                y[j][i] = 0.299 * (p >> 16 & 0xFF) + 0.587 * (p >> 8 & 0xFF) + 0.114 * (p & 0xFF);
            }
        }
        return y;
    }

    /**
     * The reference: the full-resolution decode, centre-cropped to the output's aspect ratio and averaged over
     * exact (fractional) pixel areas, the ideal anti-aliased reduction.
     */
    static double[][] areaAverageLuma(BufferedImage full, int w, int h) {
        double[][] y = luma(full);
        double scale = Math.min((double) full.getWidth() / w, (double) full.getHeight() / h);
        double x0 = (full.getWidth() - w * scale) / 2;
        double y0 = (full.getHeight() - h * scale) / 2;
        double[][] out = new double[h][w];
        for (int j = 0; j < h; j++) {
            for (int i = 0; i < w; i++) {
                double sum = 0;
                double area = 0;
                double ax = x0 + i * scale;
                double ay = y0 + j * scale;
                int yEnd = Math.min(y.length, (int) Math.ceil(ay + scale));
                int xEnd = Math.min(y[0].length, (int) Math.ceil(ax + scale));
                for (int sy = (int) ay; sy < yEnd; sy++) {
                    double fy = Math.min(sy + 1, ay + scale) - Math.max(sy, ay);
                    for (int sx = (int) ax; sx < xEnd; sx++) {
                        double f = fy * (Math.min(sx + 1, ax + scale) - Math.max(sx, ax));
                        sum += f * y[sy][sx];
                        area += f;
                    }
                }
                out[j][i] = sum / area;
            }
        }
        return out;
    }

    /** Mean SSIM of the luma over 8×8 windows every 4 pixels (Wang et al. 2004 constants). */
    static double ssim(double[][] ref, BufferedImage img) {
        double[][] y = luma(img);
        if (y.length != ref.length || y[0].length != ref[0].length) {
            return Double.NaN;
        }
        double c1 = Math.pow(0.01 * 255, 2);
        double c2 = Math.pow(0.03 * 255, 2);
        double total = 0;
        int n = 0;
        for (int j = 0; j + 8 <= ref.length; j += 4) {
            for (int i = 0; i + 8 <= ref[0].length; i += 4) {
                double mx = 0;
                double my = 0;
                for (int b = 0; b < 8; b++) {
                    for (int a = 0; a < 8; a++) {
                        mx += ref[j + b][i + a];
                        my += y[j + b][i + a];
                    }
                }
                mx /= 64;
                my /= 64;
                double vx = 0;
                double vy = 0;
                double cov = 0;
                for (int b = 0; b < 8; b++) {
                    for (int a = 0; a < 8; a++) {
                        double dx = ref[j + b][i + a] - mx;
                        double dy = y[j + b][i + a] - my;
                        vx += dx * dx;
                        vy += dy * dy;
                        cov += dx * dy;
                    }
                }
                total += (2 * mx * my + c1) * (2 * cov / 63 + c2) / ((mx * mx + my * my + c1) * ((vx + vy) / 63 + c2));
                n++;
            }
        }
        return total / n;
    }
}
