package dev.stowage.transform.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.transform.ErrorKind;
import dev.stowage.transform.TransformException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The JVM-wide heap budget, the out-of-memory report and the JPEG scan walk, on their own. */
class MemoryBudgetTest {
    private static long in(long millis) {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
    }

    @Test
    void shareLargerThanTheWholeBudgetIsRefusedAtOnceAsTooLarge() {
        MemoryBudget budget = new MemoryBudget(10 << 20);
        assertThatThrownBy(() -> budget.acquire(11 << 20, in(5_000)))
                .isInstanceOfSatisfying(TransformException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ErrorKind.SOURCE_TOO_LARGE);
                    assertThat(e.kind().retryable()).isFalse();
                });
    }

    @Test
    void transformsThatTogetherExceedTheBudgetWaitAndAreRefusedAsOverloadedAtTheirDeadline() {
        MemoryBudget budget = new MemoryBudget(10 << 20);
        try (MemoryBudget.Lease first = budget.acquire(6 << 20, in(1_000))) {
            long start = System.nanoTime();
            assertThatThrownBy(() -> budget.acquire(6 << 20, in(200)))
                    .isInstanceOfSatisfying(TransformException.class, e -> {
                        assertThat(e.kind()).isEqualTo(ErrorKind.OVERLOADED);
                        assertThat(e.kind().httpStatus()).isEqualTo(503);
                        assertThat(e.kind().retryable()).isTrue();
                    });
            assertThat(System.nanoTime() - start).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(150));
        }
    }

    @Test
    void waitingTransformProceedsWhenAShareIsGivenBack() throws Exception {
        MemoryBudget budget = new MemoryBudget(10 << 20);
        MemoryBudget.Lease first = budget.acquire(6 << 20, in(1_000));
        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> {
            try (MemoryBudget.Lease lease = budget.acquire(6 << 20, in(5_000))) {
                return true;
            }
        });
        assertThat(second).isNotDone(); // it cannot have its share while the first holds 6 of 10 MiB
        first.close();
        assertThat(second.get(5, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void defaultBudgetIsSixtyPercentOfTheMaximumHeap() {
        assertThat(MemoryBudget.shared().totalBytes()).isEqualTo(Runtime.getRuntime().maxMemory() / 10 * 6);
    }

    @Test
    void outOfMemoryIsReportedAsSuchNotAsACorruptImage() {
        TransformException e = Pipeline.outOfMemory(new OutOfMemoryError("Java heap space"));
        assertThat(e.kind()).isEqualTo(ErrorKind.OUT_OF_MEMORY);
        assertThat(e.kind().retryable()).isTrue();
        assertThat(e).hasMessageContaining("ran out of memory");
    }

    @Test
    void scanWalkCountsOneScanInABaselineJpegAndStopsCountingAtTheLimit() {
        byte[] baseline = baselineJpeg();
        assertThat(JpegScans.count(baseline, 1000)).isEqualTo(1);
        // a second scan: SOS and its data repeated before EOI
        int sos = indexOf(baseline, 0xDA);
        int eoi = baseline.length - 2;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(baseline, 0, eoi);
        out.write(baseline, sos, eoi - sos);
        out.write(baseline, eoi, 2);
        assertThat(JpegScans.count(out.toByteArray(), 1000)).isEqualTo(2);
    }

    private static int indexOf(byte[] jpeg, int marker) {
        for (int i = 2; i + 1 < jpeg.length; i++) {
            if ((jpeg[i] & 0xFF) == 0xFF && (jpeg[i + 1] & 0xFF) == marker) {
                return i;
            }
        }
        throw new AssertionError("no marker " + marker);
    }

    private static byte[] baselineJpeg() {
        try {
            java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(64, 64,
                    java.awt.image.BufferedImage.TYPE_3BYTE_BGR);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            javax.imageio.ImageIO.write(img, "jpeg", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
