package dev.stowage.micrometer;

import dev.stowage.BlobStore;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import dev.stowage.layer.StoreListener;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tag;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Records the calls of an observed store as Micrometer meters, for {@link Layers#observed}:
 * <ul>
 *   <li>{@value #CALLS}: a timer per store, operation and outcome, tagged {@code store}, {@code operation}
 *       ({@code get}, {@code put}, {@code list}...), {@code outcome} ({@code success} or {@code failure}) and
 *       {@code error} (the {@link dev.stowage.ErrorCode}, or {@code none});</li>
 *   <li>{@value #BYTES}: a distribution summary of the bytes moved, tagged {@code store} and {@code direction}
 *       ({@code read}: what was read from a get's stream; {@code write}: what a successful put stored);</li>
 *   <li>{@value #STREAM_FAILURES}: a counter of get streams whose reading failed after the get returned, tagged
 *       {@code store} and {@code error}.</li>
 * </ul>
 * Keys are never tags: they would make one time series per object. Thread-safe.
 *
 * <pre>{@code
 * BlobStore photos = MicrometerStoreListener.observe(BlobStores.open("s3://photos"), meterRegistry);
 * }</pre>
 */
public final class MicrometerStoreListener implements StoreListener {
    /** The name of the call timer. */
    public static final String CALLS = "stowage.store.calls";
    /** The name of the bytes summary. */
    public static final String BYTES = "stowage.store.bytes";
    /** The name of the counter of failed get streams. */
    public static final String STREAM_FAILURES = "stowage.store.stream.failures";

    private final MeterRegistry registry;
    private final Tags common;

    /** Records into {@code registry}. */
    public MicrometerStoreListener(MeterRegistry registry) {
        this(registry, Tags.empty());
    }

    /** Records into {@code registry}, adding {@code tags} to every meter (e.g. an application or region tag). */
    public MicrometerStoreListener(MeterRegistry registry, Iterable<Tag> tags) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.common = Tags.of(Objects.requireNonNull(tags, "tags"));
    }

    /** {@code store} wrapped so that its calls are recorded into {@code registry}; closing it closes the store. */
    public static BlobStore observe(BlobStore store, MeterRegistry registry) {
        return Layers.observed(store, new MicrometerStoreListener(registry));
    }

    @Override
    public void onCall(String store, Operation op, String key, long nanos, StorageException failure) {
        Timer.builder(CALLS)
                .description("Calls of a store, by operation and outcome")
                .tags(common)
                .tag("store", store)
                .tag("operation", op.name().toLowerCase(Locale.ROOT))
                .tag("outcome", failure == null ? "success" : "failure")
                .tag("error", failure == null ? "none" : failure.code().name())
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
    }

    @Override
    public void onStreamEnd(String store, String key, long bytes, long nanos, StorageException failure) {
        bytes(store, "read").record(bytes);
        if (failure != null) {
            Counter.builder(STREAM_FAILURES)
                    .description("Get streams whose reading failed after the get had returned")
                    .tags(common)
                    .tag("store", store)
                    .tag("error", failure.code().name())
                    .register(registry)
                    .increment();
        }
    }

    @Override
    public void onWrite(String store, String key, long bytes) {
        bytes(store, "write").record(bytes);
    }

    private DistributionSummary bytes(String store, String direction) {
        return DistributionSummary.builder(BYTES)
                .description("Bytes read from get streams and stored by puts")
                .baseUnit("bytes")
                .tags(common)
                .tag("store", store)
                .tag("direction", direction)
                .register(registry);
    }
}
