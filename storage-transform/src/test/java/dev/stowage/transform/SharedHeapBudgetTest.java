package dev.stowage.transform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Four concurrent 16-bit PNGs, each within the per-transform memory budget, in a JVM whose heap holds only one or
 * two of them at a time: without the shared budget they exhaust the heap (and used to surface as "500 internal
 * error" or "corrupt" for valid images); with it they take turns and all succeed. Runs in a child JVM with
 * {@code -Xmx320m}, so the test's own heap is not at stake. With the budget lifted
 * ({@code -Dstowage.transform.heapBudget=100000000000}) the same run fails one of the four with
 * {@code OUT_OF_MEMORY} (reported as such, not as a corrupt image).
 */
class SharedHeapBudgetTest {

    @Test
    void concurrentSixteenBitPngsTakeTurnsInsteadOfExhaustingTheHeap(@TempDir Path dir) throws Exception {
        Path png = dir.resolve("sixteen.png");
        Files.write(png, EnginesGoldenTest.sixteenBit(3000, 3000));
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process child = new ProcessBuilder(javaBin, "-Xmx320m", "-Dstowage.transform.engine=java", "-cp",
                System.getProperty("java.class.path"), SharedHeapBudgetTest.class.getName(), png.toString())
                .redirectErrorStream(true).start();
        String out = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(child.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(out).as(out).contains("result 0 ok", "result 1 ok", "result 2 ok", "result 3 ok")
                .doesNotContain("CORRUPT_IMAGE", "OutOfMemoryError", "OUT_OF_MEMORY");
    }

    /** In the child: four transforms of the same 16-bit PNG at once; one line per result. */
    public static void main(String[] args) throws Exception {
        byte[] png = Files.readAllBytes(Path.of(args[0]));
        ImageTransformer transformer = new ImageTransformer(TransformLimits.builder()
                .timeout(java.time.Duration.ofSeconds(60)).build(), EngineChoice.JAVA);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            results.add(pool.submit(() -> {
                try {
                    ByteArrayOutputStream out = new ByteArrayOutputStream();
                    transformer.transform(new ByteArrayInputStream(png), Transform.parseQuery("w=300&f=png"), out);
                    return "ok";
                } catch (TransformException e) {
                    return e.kind() + " " + e.getMessage();
                } catch (Throwable t) {
                    return t.toString();
                }
            }));
        }
        for (int i = 0; i < 4; i++) {
            System.out.println("result " + i + " " + results.get(i).get());
        }
        pool.shutdown();
    }
}
