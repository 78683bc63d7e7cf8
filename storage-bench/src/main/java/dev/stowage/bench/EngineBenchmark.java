package dev.stowage.bench;

import dev.stowage.transform.EngineChoice;
import dev.stowage.transform.ImageTransformer;
import dev.stowage.transform.Transform;
import dev.stowage.transform.TransformLimits;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import net.coobird.thumbnailator.Thumbnails;
import net.coobird.thumbnailator.geometry.Positions;

/**
 * The two transform engines side by side on the FIXTURES.md photographs (Debian {@code plasma-workspace-wallpapers}:
 * Path, ColorfulCups, OneStandsOut at 2560×1600; SafeLanding, Flow at 5120×2880), each to an 800×600 cover crop
 * as JPEG q80, against {@code vipsthumbnail} (libvips, one thread), sharp (its own libvips, one thread, through
 * {@code scripts/sharp-bench.js}) and Thumbnailator. Per image: images/s on one thread and SSIM of the luma
 * against an area-averaged full decode; then 2-thread scaling of both engines and the peak RSS of a JVM running
 * two concurrent transforms of a 5120×2880 photograph.
 *
 * <p>Set-up: {@code scripts/install-transform-bench-tools.sh} (vipsthumbnail, sharp, the wallpapers). Run:
 * {@code java -cp <storage-bench class path> dev.stowage.bench.EngineBenchmark [scaling] [iterations]}
 * ({@code scaling}: only the 1- and 2-thread figures).
 */
public final class EngineBenchmark {
    private static final Path FIXTURES = Path.of(System.getProperty("bench.dir", "target/bench-fixtures"));
    private static final String[] PHOTOS = {"Path/contents/images/2560x1600.jpg",
        "ColorfulCups/contents/images/2560x1600.jpg", "OneStandsOut/contents/images/2560x1600.jpg",
        "SafeLanding/contents/images/5120x2880.jpg", "Flow/contents/images/5120x2880.jpg"};
    private static final int W = 800;
    private static final int H = 600;
    private static final Transform COVER = Transform.parseQuery("w=" + W + "&h=" + H + "&fit=cover&f=jpeg&q=80");

    private static boolean scalingOnly;

    private EngineBenchmark() {
    }

    private interface Tool {
        byte[] run(byte[] source) throws IOException;
    }

    public static void main(String[] args) throws Exception {
        if (args.length > 0 && args[0].equals("scaling")) {
            scalingOnly = true;
            args = java.util.Arrays.copyOfRange(args, 1, args.length);
        }
        if (args.length > 0 && args[0].equals("rss")) {
            rssChild(EngineChoice.parse(args[1]), Path.of(args[2]));
            return;
        }
        int iterations = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        ImageTransformer vips = new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.VIPS);
        ImageTransformer pure = new ImageTransformer(TransformLimits.DEFAULTS, EngineChoice.JAVA);
        System.out.printf(Locale.ROOT, "engines: %s | %s; %d iterations; %d CPUs; load average %.1f%n",
                vips.engine(), pure.engine(), iterations, Runtime.getRuntime().availableProcessors(),
                java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
        Tool vipsTool = src -> transform(vips, src);
        Tool javaTool = src -> transform(pure, src);
        Tool thumbnailator = EngineBenchmark::thumbnailator;
        List<Path> photos = new ArrayList<>();
        for (String name : PHOTOS) {
            Path p = FIXTURES.resolve("wallpapers/usr/share/wallpapers").resolve(name);
            if (Files.exists(p)) {
                photos.add(p);
            } else {
                System.out.println("missing " + p + ": run scripts/install-transform-bench-tools.sh");
            }
        }
        System.out.printf(Locale.ROOT, "%n%-28s %13s %13s %13s %13s %13s   %s%n", "images/s (SSIM), 1 thread",
                "stowage-vips", "stowage-java", "vipsthumbnail", "sharp", "thumbnailator", "vips/vt java/thn");
        for (Path photo : scalingOnly ? List.<Path>of() : photos) {
            byte[] source = Files.readAllBytes(photo);
            double[][] reference = TransformBenchmark.areaAverageLuma(ImageIO.read(photo.toFile()), W, H);
            double[] v = measure(vipsTool, source, reference, iterations);
            double[] j = measure(javaTool, source, reference, iterations);
            double[] t = measure(thumbnailator, source, reference, Math.max(2, iterations / 2));
            double[] vt = vipsthumbnail(photo, reference, iterations);
            double[] sh = sharp(photo, reference, iterations);
            System.out.printf(Locale.ROOT, "%-28s %13s %13s %13s %13s %13s   %.2fx %.2fx%n",
                    photo.getParent().getParent().getParent().getFileName() + " " + photo.getFileName(), cell(v),
                    cell(j), cell(vt), cell(sh), cell(t), v[0] / vt[0], j[0] / t[0]);
        }
        if (!photos.isEmpty()) {
            byte[] source = Files.readAllBytes(photos.get(0));
            for (String name : new String[] {"vips", "java"}) {
                Tool tool = name.equals("vips") ? vipsTool : javaTool;
                long cpu = processCpu();
                double one = measure(tool, source, null, iterations)[0];
                double oneCpu = (processCpu() - cpu) / 1e6 / (iterations * 3 + 2);
                cpu = processCpu();
                double two = twoThreads(tool, source, iterations);
                double twoCpu = (processCpu() - cpu) / 1e6 / (iterations * 2);
                // Process CPU per image staying level from 1 to 2 threads shows the transforms do not contend;
                // the wall-clock ratio depends on what else the machine runs.
                System.out.printf(Locale.ROOT, "%s engine, %s: 1 thread %.2f images/s (%.1f CPU ms/img), 2 threads "
                        + "%.2f images/s (%.1f CPU ms/img), %.2fx%n", name,
                        photos.get(0).getParent().getParent().getParent().getFileName(), one, oneCpu, two, twoCpu,
                        two / one);
            }
        }
        Path big = scalingOnly ? null : photos.stream().filter(p -> p.toString().contains("5120")).findFirst().orElse(null);
        if (big != null) {
            for (String engine : new String[] {"vips", "java"}) {
                System.out.println(engine + " engine, 2 concurrent transforms of " + big.getFileName() + " ("
                        + big.getParent().getParent().getParent().getFileName() + "): " + rss(engine, big));
            }
        }
    }

    /** CPU time of the whole process (libvips works on its own threads, so a thread's CPU time would miss it). */
    private static long processCpu() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static String cell(double[] r) {
        return r == null ? "-" : String.format(Locale.ROOT, "%.2f (%.3f)", r[0], r[1]);
    }

    static byte[] transform(ImageTransformer t, byte[] source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        t.transform(new ByteArrayInputStream(source), COVER, out);
        return out.toByteArray();
    }

    private static byte[] thumbnailator(byte[] source) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thumbnails.of(new ByteArrayInputStream(source)).size(W, H).crop(Positions.CENTER).outputFormat("jpeg")
                .outputQuality(0.8).toOutputStream(out);
        return out.toByteArray();
    }

    /** {images/s, SSIM}: median of three rounds after a warm-up; SSIM of the last output (NaN without reference). */
    private static double[] measure(Tool tool, byte[] source, double[][] reference, int iterations)
            throws IOException {
        byte[] out = null;
        for (int i = 0; i < 2; i++) {
            out = tool.run(source);
        }
        double[] rounds = new double[3];
        for (int r = 0; r < 3; r++) {
            long start = System.nanoTime();
            for (int i = 0; i < iterations; i++) {
                out = tool.run(source);
            }
            rounds[r] = iterations / ((System.nanoTime() - start) / 1e9);
        }
        java.util.Arrays.sort(rounds);
        double ssim = reference == null ? Double.NaN : TransformBenchmark.ssim(reference, TransformBenchmark.decode(out));
        return new double[] {rounds[1], ssim};
    }

    private static double twoThreads(Tool tool, byte[] source, int iterations) throws Exception {
        Thread[] threads = new Thread[2];
        Exception[] failure = new Exception[1];
        long start = System.nanoTime();
        for (int t = 0; t < threads.length; t++) {
            threads[t] = new Thread(() -> {
                try {
                    for (int i = 0; i < iterations; i++) {
                        tool.run(source);
                    }
                } catch (IOException e) {
                    failure[0] = e;
                }
            });
            threads[t].start();
        }
        for (Thread t : threads) {
            t.join();
        }
        if (failure[0] != null) {
            throw failure[0];
        }
        return 2.0 * iterations / ((System.nanoTime() - start) / 1e9);
    }

    /** vipsthumbnail with one libvips thread, one process for the whole batch (its start-up is included once). */
    private static double[] vipsthumbnail(Path photo, double[][] reference, int iterations) throws Exception {
        if (!TransformBenchmark.onPath("vipsthumbnail")) {
            return null;
        }
        Path dir = Files.createDirectories(FIXTURES.resolve("vipsthumbnail"));
        List<String> command = new ArrayList<>(List.of("vipsthumbnail", "--size", W + "x" + H, "--smartcrop",
                "centre", "-o", dir.toAbsolutePath() + "/%s-out.jpg[Q=80,strip]"));
        for (int i = 0; i < iterations; i++) {
            Path copy = dir.resolve("in" + i + ".jpg");
            Files.copy(photo, copy, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            command.add(copy.toString());
        }
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("VIPS_CONCURRENCY", "1");
        long start = System.nanoTime();
        Process process = pb.start();
        process.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
        if (!process.waitFor(10, TimeUnit.MINUTES) || process.exitValue() != 0) {
            return null;
        }
        double rate = iterations / ((System.nanoTime() - start) / 1e9);
        byte[] out = Files.readAllBytes(dir.resolve("in0-out.jpg"));
        return new double[] {rate, TransformBenchmark.ssim(reference, TransformBenchmark.decode(out))};
    }

    private static double[] sharp(Path photo, double[][] reference, int iterations) throws Exception {
        Path node = FIXTURES.resolve("node");
        Path script = Path.of("scripts/sharp-bench.js").toAbsolutePath();
        if (!Files.isDirectory(node.resolve("node_modules/sharp")) || !Files.exists(script)) {
            return null;
        }
        ProcessBuilder pb = new ProcessBuilder("node", script.toString(), String.valueOf(iterations), String.valueOf(W),
                String.valueOf(H), photo.toAbsolutePath().toString()).directory(node.toFile())
                .redirectErrorStream(true);
        pb.environment().put("NODE_PATH", node.resolve("node_modules").toAbsolutePath().toString());
        Process p = pb.start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        if (!p.waitFor(10, TimeUnit.MINUTES) || p.exitValue() != 0) {
            System.out.println("sharp failed: " + log);
            return null;
        }
        String[] fields = log.substring(log.lastIndexOf('\n') + 1).split(" ");
        byte[] out = Files.readAllBytes(Path.of(photo.toAbsolutePath() + ".sharp.jpg"));
        return new double[] {Double.parseDouble(fields[1]),
            TransformBenchmark.ssim(reference, TransformBenchmark.decode(out))};
    }

    /** Peak RSS of a fresh JVM (same class path, -Xmx1g) running two concurrent transforms of {@code photo}. */
    private static String rss(String engine, Path photo) throws Exception {
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(javaBin, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                EngineBenchmark.class.getName(), "rss", engine, photo.toString()).redirectErrorStream(true).start();
        String log = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        p.waitFor(10, TimeUnit.MINUTES);
        return log;
    }

    /** In the child: RSS before, then peak RSS (VmHWM) over 2 threads × 3 transforms. */
    private static void rssChild(EngineChoice engine, Path photo) throws Exception {
        ImageTransformer t = new ImageTransformer(TransformLimits.DEFAULTS, engine);
        byte[] source = Files.readAllBytes(photo);
        long before = status("VmRSS");
        double rate = twoThreads(src -> transform(t, src), source, 3);
        System.out.printf(Locale.ROOT, "peak RSS %d MB (%d MB before the transforms, -Xmx1g), %.2f images/s%n",
                status("VmHWM") >> 10, before >> 10, rate);
    }

    private static long status(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }
}
