package dev.stowage.gateway.internal;

import dev.stowage.layer.CacheStats;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.function.ToDoubleFunction;

/**
 * The gateway's meters, in a Prometheus registry of its own that {@code /metrics} renders, and also in the
 * application's {@link MeterRegistry} when one is given. Thread-safe; recording is lock-free.
 *
 * <p>Micrometer names and what Prometheus shows: {@code stowage.requests} ({@code stowage_requests_total}, tagged
 * {@code status}), {@code stowage.cache.*} (cache of originals), {@code stowage.variant.*}, {@code stowage.transform}
 * (a timer: {@code stowage_transform_seconds_count}, {@code _sum}, {@code _max}), {@code stowage.transforms.rejected},
 * {@code stowage.transforms.in.flight}, {@code stowage.streams.in.flight} and {@code stowage.uptime}.
 */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final MeterRegistry application;
    /** Where meters are registered: the Prometheus registry alone, or it and the application's. */
    private final MeterRegistry registry;
    private final List<Meter> meters = new CopyOnWriteArrayList<>();
    private final ConcurrentHashMap<Integer, Counter> byStatus = new ConcurrentHashMap<>();
    private final Timer transforms;
    private final Counter transformsRejected;
    private final Counter variantHits;
    private final Counter variantMisses;
    private final long startedNanos = System.nanoTime();
    private volatile Supplier<CacheStats> cache;

    /** Meters for a gateway; {@code application} is the embedding application's registry, or {@code null}. */
    public GatewayMetrics(MeterRegistry application) {
        this.application = application;
        if (application == null) {
            registry = prometheus;
        } else {
            CompositeMeterRegistry both = new CompositeMeterRegistry();
            both.add(prometheus);
            both.add(application);
            registry = both;
        }
        transforms = add(Timer.builder("stowage.transform").description("Transforms performed and their time")
                .register(registry));
        transformsRejected = add(Counter.builder("stowage.transforms.rejected")
                .description("Transforms refused with 503 for lack of a free slot").register(registry));
        variantHits = add(Counter.builder("stowage.variant.hits")
                .description("Transformed images served from the cache").register(registry));
        variantMisses = add(Counter.builder("stowage.variant.misses")
                .description("Transformed images that had to be made").register(registry));
        add(TimeGauge.builder("stowage.uptime", this, TimeUnit.NANOSECONDS, m -> System.nanoTime() - m.startedNanos)
                .description("Time since the gateway started").strongReference(true).register(registry));
    }

    /** Registers the figures read from the gateway's parts at each scrape. */
    void bind(Supplier<CacheStats> cache, IntSupplier transformsInFlight, IntSupplier streaming,
              LongSupplier variantMemoryBytes, LongSupplier variantStoredBytes) {
        this.cache = cache;
        functionCounter("stowage.cache.hits", "Reads of originals answered from the cache", s -> s.hits());
        functionCounter("stowage.cache.misses", "Reads of originals that went to a store", s -> s.misses());
        functionCounter("stowage.cache.evictions", "Cache entries dropped for size or age", s -> s.evictions());
        functionCounter("stowage.cache.invalidations", "Cache entries dropped because the source changed",
                s -> s.invalidations());
        gauge("stowage.cache", "bytes", "Bytes held in the cache of originals", () -> cache.get().bytes());
        gauge("stowage.cache.entries", null, "Entries held in the cache of originals", () -> cache.get().entries());
        gauge("stowage.transforms.in.flight", null, "Transforms running now", transformsInFlight::getAsInt);
        gauge("stowage.streams.in.flight", null, "Bodies being streamed from stores now", streaming::getAsInt);
        gauge("stowage.variant.memory", "bytes", "Bytes of variants held in memory", variantMemoryBytes::getAsLong);
        gauge("stowage.variant.store", "bytes", "Bytes of variants known in the variant cache store",
                variantStoredBytes::getAsLong);
    }

    /**
     * The size and age limits of both tiers, for the operator to compare with what they hold.
     *
     * @param originalsMaxBytes      size limit of the originals tier (all stores together)
     * @param originalsMaxAgeSeconds age limit of the originals tier
     * @param variantsMaxBytes       size limit of the variants tier
     * @param variantsMaxAgeSeconds  age limit of the variants tier
     */
    record TierLimits(long originalsMaxBytes, long originalsMaxAgeSeconds, long variantsMaxBytes,
                      long variantsMaxAgeSeconds) {
    }

    /** Registers the variant tier's own figures and both tiers' limits. */
    void bindTiers(LongSupplier variantEntries, LongSupplier variantEvictions, TierLimits limits) {
        gauge("stowage.cache.max", "bytes", "Size limit of the cache of originals", limits::originalsMaxBytes);
        gauge("stowage.cache.max.age", "seconds", "Age limit of entries in the cache of originals",
                limits::originalsMaxAgeSeconds);
        // the meter holds its object weakly: this one lives as long as the gateway
        add(FunctionCounter.builder("stowage.variant.evictions", this, m -> variantEvictions.getAsLong())
                .description("Variant cache entries dropped for size or age").register(registry));
        gauge("stowage.variant.entries", null, "Variants held in the variant cache store", variantEntries::getAsLong);
        gauge("stowage.variant.max", "bytes", "Size limit of the variant cache", limits::variantsMaxBytes);
        gauge("stowage.variant.max.age", "seconds", "Age limit of entries in the variant cache",
                limits::variantsMaxAgeSeconds);
    }

    void request(int status) {
        byStatus.computeIfAbsent(status, s -> add(Counter.builder("stowage.requests")
                .description("HTTP requests answered, by status").tag("status", Integer.toString(s))
                .register(registry))).increment();
    }

    void transformed(long nanos) {
        transforms.record(nanos, TimeUnit.NANOSECONDS);
    }

    void transformRejected() {
        transformsRejected.increment();
    }

    void variant(boolean hit) {
        (hit ? variantHits : variantMisses).increment();
    }

    public long transforms() {
        return transforms.count();
    }

    long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    /** Every meter in the Prometheus text exposition format. */
    String render() {
        return prometheus.scrape();
    }

    /** Takes the gateway's meters out of the application's registry, so a closed gateway is not read any more. */
    @Override
    public void close() {
        for (Meter m : meters) {
            registry.remove(m);
            if (application != null) {
                application.remove(m.getId());
            }
        }
        meters.clear();
        if (registry instanceof CompositeMeterRegistry both) {
            both.remove(application); // closing a composite closes its members: the application's is not ours
            both.close();
        }
        prometheus.close();
    }

    private void functionCounter(String name, String help, ToDoubleFunction<CacheStats> f) {
        // the meter holds this object weakly; the gateway holds it for as long as it runs
        add(FunctionCounter.builder(name, this, m -> f.applyAsDouble(m.cache.get())).description(help)
                .register(registry));
    }

    private void gauge(String name, String unit, String help, Supplier<Number> f) {
        add(Gauge.builder(name, f).description(help).baseUnit(unit).register(registry));
    }

    private <M extends Meter> M add(M meter) {
        meters.add(meter);
        return meter;
    }
}
