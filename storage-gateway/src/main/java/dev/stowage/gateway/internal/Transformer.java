package dev.stowage.gateway.internal;

import dev.stowage.BlobInputStream;
import dev.stowage.transform.ImageTransformer;
import dev.stowage.transform.Transform;
import dev.stowage.transform.TransformResult;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Iterator;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

/**
 * Makes a planned variant: reads exactly the source version the plan names, applies the "never enlarge" option,
 * and transforms within a bound on concurrent transforms. Thread-safe.
 */
final class Transformer {
    private final Sources sources;
    private final ImageTransformer transformer;
    private final Semaphore slots;
    private final int maxTransforms;
    private final Duration wait;
    private final boolean neverEnlarge;
    private final GatewayMetrics metrics;

    Transformer(Sources sources, ImageTransformer transformer, int maxTransforms, Duration wait, boolean neverEnlarge,
                GatewayMetrics metrics) {
        this.sources = sources;
        this.transformer = transformer;
        this.maxTransforms = maxTransforms;
        this.slots = new Semaphore(maxTransforms, true);
        this.wait = wait;
        this.neverEnlarge = neverEnlarge;
        this.metrics = metrics;
    }

    int inFlight() {
        return maxTransforms - slots.availablePermits();
    }

    VariantCache.Held make(VariantPlan plan) {
        try {
            if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
                metrics.transformRejected();
                throw new HttpProblem(503, "too many images are being transformed; try again shortly");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HttpProblem(503, "the gateway is stopping");
        }
        try (BlobInputStream source = sources.open(plan.ref(), null, plan.version()).stream()) {
            long start = System.nanoTime();
            Transform t = plan.transform();
            InputStream input = source;
            if (neverEnlarge && (t.width() > 0 || t.height() > 0)) {
                byte[] bytes = source.readNBytes((int) Math.min(Integer.MAX_VALUE - 8,
                        transformer.limits().maxSourceBytes() + 1));
                t = notLargerThanSource(t, bytes);
                input = new ByteArrayInputStream(bytes);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            // The accept value is reduced to what the plan records, so the output matches the cache key.
            TransformResult result = transformer.transform(input, t, plan.webp() ? "image/webp" : null, out);
            metrics.transformed(System.nanoTime() - start);
            return new VariantCache.Held(out.toByteArray(), result.mediaType());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            slots.release();
        }
    }

    /** The transform scaled down so that its box fits the source, keeping the box's proportions. */
    static Transform notLargerThanSource(Transform t, byte[] source) throws IOException {
        int[] size = dimensions(source);
        if (size == null) {
            return t; // not a readable image: the transformer refuses it with the right message
        }
        double scale = 1;
        if (t.targetWidth() > size[0]) {
            scale = Math.min(scale, (double) size[0] / t.targetWidth());
        }
        if (t.targetHeight() > size[1]) {
            scale = Math.min(scale, (double) size[1] / t.targetHeight());
        }
        if (scale >= 1) {
            return t;
        }
        int w = t.width() == 0 ? 0 : Math.max(1, (int) Math.floor(t.width() * scale));
        int h = t.height() == 0 ? 0 : Math.max(1, (int) Math.floor(t.height() * scale));
        return t.toBuilder().width(w).height(h).build();
    }

    /** Width and height from the image header, without decoding pixels; {@code null} when unreadable. */
    private static int[] dimensions(byte[] source) throws IOException {
        try (ImageInputStream iis = ImageIO.createImageInputStream(new ByteArrayInputStream(source))) {
            Iterator<ImageReader> readers = iis == null ? null : ImageIO.getImageReaders(iis);
            if (readers == null || !readers.hasNext()) {
                return null;
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(iis, true, true);
                return new int[] {reader.getWidth(0), reader.getHeight(0)};
            } finally {
                reader.dispose();
            }
        } catch (RuntimeException e) {
            return null;
        }
    }
}
