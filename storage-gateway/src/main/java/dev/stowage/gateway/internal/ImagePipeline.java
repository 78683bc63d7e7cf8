package dev.stowage.cli.gateway;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ContentSource;
import dev.stowage.layer.CachedBlobStore;
import dev.stowage.layer.CachedVariant;
import dev.stowage.transform.ImageTransformer;
import dev.stowage.transform.OutputFormat;
import dev.stowage.transform.Transform;
import dev.stowage.transform.TransformResult;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Makes transformed images: names each variant canonically (so two spellings of one transform share a cache entry
 * and an ETag), serves it from the cache, and on a miss transforms the (cached) original once, within a bound on
 * concurrent transforms. Thread-safe.
 */
final class ImagePipeline {
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    private final CachedBlobStore cache;
    private final ImageTransformer transformer;
    private final Semaphore slots;
    private final int maxTransforms;
    private final Duration wait;
    private final GatewayMetrics metrics;

    ImagePipeline(CachedBlobStore cache, ImageTransformer transformer, int maxTransforms, Duration wait,
                  GatewayMetrics metrics) {
        this.cache = cache;
        this.transformer = transformer;
        this.maxTransforms = maxTransforms;
        this.slots = new Semaphore(maxTransforms, true);
        this.wait = wait;
        this.metrics = metrics;
    }

    /**
     * A variant to serve, known before any transform runs so that a conditional request costs no work.
     *
     * @param routedKey     the source as {@code store/key}
     * @param transform     the transform to apply
     * @param id            the canonical transform, plus the negotiated format class when the format is auto
     * @param etag          the quoted strong ETag: a digest of the source version and {@code id}
     * @param sourceVersion the source's ETag (or size and date) the variant is made from
     * @param varyAccept    whether the output depends on the request's Accept header
     * @param webp          whether auto format negotiated WebP
     */
    record Variant(String routedKey, Transform transform, String id, String etag, String sourceVersion,
                   boolean varyAccept, boolean webp) {
    }

    Variant plan(String routedKey, BlobInfo source, Transform transform, String accept) {
        boolean auto = transform.format() == OutputFormat.AUTO;
        boolean webp = auto && OutputFormat.negotiate(accept) == OutputFormat.WEBP;
        String id = transform.canonical() + (auto ? (webp ? "|webp" : "|no-webp") : "");
        String version = source.etag() != null ? source.etag()
                : source.size() + "@" + (source.lastModified() == null ? "" : source.lastModified().toEpochMilli());
        String etag = "\"" + digest(version + "|" + id).substring(0, 32) + "\"";
        return new Variant(routedKey, transform, id, etag, version, auto, webp);
    }

    /** The variant's bytes from the cache, transforming the source on a miss. */
    BlobInputStream open(Variant v) {
        boolean[] made = new boolean[1];
        BlobInputStream in = cache.computeIfAbsent(v.routedKey() + "?" + v.id(), v.sourceVersion(), () -> {
            made[0] = true;
            return produce(v);
        });
        metrics.variant(!made[0]);
        return in;
    }

    /** The variant if it is held in memory, without any I/O; {@code null} otherwise. */
    BlobInputStream peek(Variant v) {
        BlobInputStream in = cache.peekVariant(v.routedKey() + "?" + v.id(), v.sourceVersion());
        if (in != null) {
            metrics.variant(true);
        }
        return in;
    }

    int inFlight() {
        return maxTransforms - slots.availablePermits();
    }

    private CachedVariant produce(Variant v) throws Exception {
        if (!slots.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
            metrics.transformRejected();
            throw new HttpProblem(503, "too many images are being transformed; try again shortly");
        }
        try (BlobInputStream source = cache.get(v.routedKey())) {
            long start = System.nanoTime();
            ByteArrayOutputStream out = new ByteArrayOutputStream(64 * 1024);
            // The accept value is reduced to what the variant name records, so the output matches the cache key.
            TransformResult result = transformer.transform(source, v.transform(), v.webp() ? "image/webp" : null, out);
            metrics.transformed(System.nanoTime() - start);
            return new CachedVariant(ContentSource.ofBytes(out.toByteArray()), result.mediaType());
        } finally {
            slots.release();
        }
    }

    private static String digest(String text) {
        return HexFormat.of().formatHex(SHA256.get().digest(text.getBytes(StandardCharsets.UTF_8)));
    }
}
