package dev.stowage.gateway.internal;

import dev.stowage.layer.CacheStats;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;

/**
 * Request counters of the gateway, rendered as plain text in the Prometheus exposition format on
 * {@code /metrics}. Thread-safe and lock-free on the request path.
 */
public final class GatewayMetrics {
    private final ConcurrentHashMap<Integer, LongAdder> byStatus = new ConcurrentHashMap<>();
    private final LongAdder transforms = new LongAdder();
    private final LongAdder transformNanos = new LongAdder();
    private final LongAccumulator transformMaxNanos = new LongAccumulator(Math::max, 0);
    private final LongAdder transformsRejected = new LongAdder();
    private final LongAdder variantHits = new LongAdder();
    private final LongAdder variantMisses = new LongAdder();
    private final long startedNanos = System.nanoTime();

    void request(int status) {
        byStatus.computeIfAbsent(status, s -> new LongAdder()).increment();
    }

    void transformed(long nanos) {
        transforms.increment();
        transformNanos.add(nanos);
        transformMaxNanos.accumulate(nanos);
    }

    void transformRejected() {
        transformsRejected.increment();
    }

    void variant(boolean hit) {
        (hit ? variantHits : variantMisses).increment();
    }

    public long transforms() {
        return transforms.sum();
    }

    long uptimeSeconds() {
        return (System.nanoTime() - startedNanos) / 1_000_000_000L;
    }

    /**
     * The variant cache's figures beside the originals' {@link CacheStats}.
     *
     * @param entries     variants known in the cache store
     * @param bytes       their bytes
     * @param evictions   variants dropped for size or age since start
     * @param memoryBytes bytes of variants also held in memory
     */
    record VariantTier(long entries, long bytes, long evictions, long memoryBytes) {
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

    String render(CacheStats cache, VariantTier variants, TierLimits limits, int transformsInFlight, int streaming) {
        StringBuilder out = new StringBuilder(1024);
        out.append("# HELP stowage_requests_total HTTP requests answered, by status.\n");
        out.append("# TYPE stowage_requests_total counter\n");
        Map<Integer, LongAdder> sorted = new TreeMap<>(byStatus);
        sorted.forEach((status, n) -> out.append("stowage_requests_total{status=\"").append(status).append("\"} ")
                .append(n.sum()).append('\n'));
        counter(out, "stowage_cache_hits_total", "Reads of originals answered from the cache.",
                cache.hits());
        counter(out, "stowage_cache_misses_total", "Reads of originals that went to a store.", cache.misses());
        counter(out, "stowage_cache_evictions_total", "Cache entries dropped for size or age.", cache.evictions());
        counter(out, "stowage_cache_invalidations_total", "Cache entries dropped because the source changed.",
                cache.invalidations());
        gauge(out, "stowage_cache_bytes", "Bytes held in the cache.", cache.bytes());
        gauge(out, "stowage_cache_entries", "Entries held in the cache.", cache.entries());
        gauge(out, "stowage_cache_max_bytes", "Size limit of the cache of originals.", limits.originalsMaxBytes());
        gauge(out, "stowage_cache_max_age_seconds", "Age limit of entries in the cache of originals.",
                limits.originalsMaxAgeSeconds());
        counter(out, "stowage_variant_hits_total", "Transformed images served from the cache.", variantHits.sum());
        counter(out, "stowage_variant_misses_total", "Transformed images that had to be made.", variantMisses.sum());
        counter(out, "stowage_variant_evictions_total", "Variant cache entries dropped for size or age.",
                variants.evictions());
        gauge(out, "stowage_variant_entries", "Variants held in the variant cache store.", variants.entries());
        gauge(out, "stowage_variant_max_bytes", "Size limit of the variant cache.", limits.variantsMaxBytes());
        gauge(out, "stowage_variant_max_age_seconds", "Age limit of entries in the variant cache.",
                limits.variantsMaxAgeSeconds());
        counter(out, "stowage_transforms_total", "Transforms performed.", transforms.sum());
        out.append("# HELP stowage_transform_seconds_total Time spent transforming.\n")
                .append("# TYPE stowage_transform_seconds_total counter\n")
                .append("stowage_transform_seconds_total ")
                .append(String.format(Locale.ROOT, "%.6f", transformNanos.sum() / 1e9)).append('\n');
        out.append("# HELP stowage_transform_seconds_max Longest transform.\n")
                .append("# TYPE stowage_transform_seconds_max gauge\n")
                .append("stowage_transform_seconds_max ")
                .append(String.format(Locale.ROOT, "%.6f", transformMaxNanos.get() / 1e9)).append('\n');
        counter(out, "stowage_transforms_rejected_total", "Transforms refused with 503 for lack of a free slot.",
                transformsRejected.sum());
        gauge(out, "stowage_transforms_in_flight", "Transforms running now.", transformsInFlight);
        gauge(out, "stowage_streams_in_flight", "Bodies being streamed from stores now.", streaming);
        gauge(out, "stowage_variant_memory_bytes", "Bytes of variants held in memory.", variants.memoryBytes());
        gauge(out, "stowage_variant_store_bytes", "Bytes of variants known in the variant cache store.",
                variants.bytes());
        gauge(out, "stowage_uptime_seconds", "Seconds since the gateway started.", uptimeSeconds());
        return out.toString();
    }

    private static void counter(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" counter\n")
                .append(name).append(' ').append(value).append('\n');
    }

    private static void gauge(StringBuilder out, String name, String help, long value) {
        out.append("# HELP ").append(name).append(' ').append(help).append('\n')
                .append("# TYPE ").append(name).append(" gauge\n")
                .append(name).append(' ').append(value).append('\n');
    }
}
