package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The cache of originals and the cache of variants keep their own size limits, and /metrics shows each. */
class GatewayCacheTiersTest {
    @TempDir
    Path dir;

    private GatewayServer start(CacheTier originals, CacheTier variants) throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("images")).toUri().toString());
        DemoImages.seed(store);
        return GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0)
                .originalsCache(originals).variantsCache(variants).build(), Map.of("local", store));
    }

    @Test
    void aFullVariantTierEvictsVariantsWhileOriginalsStay() throws Exception {
        try (GatewayServer gateway = start(CacheTier.of(64L << 20), new CacheTier(1, Duration.ofHours(1)))) {
            HttpTester http = new HttpTester(gateway.baseUri());
            assertThat(http.get("/local/tr:w-20/gradient.jpg").statusCode()).isEqualTo(200);
            assertThat(http.get("/local/tr:w-30/gradient.jpg").statusCode()).isEqualTo(200);

            assertThat(http.metric("stowage_variant_evictions_total")).isGreaterThanOrEqualTo(2);
            assertThat(http.metric("stowage_variant_entries")).isZero();
            assertThat(http.metric("stowage_variant_misses_total")).isEqualTo(2);
            assertThat(http.metric("stowage_variant_max_bytes")).isEqualTo(1);
            assertThat(http.metric("stowage_variant_max_age_seconds")).isEqualTo(3600);
            assertThat(http.metric("stowage_cache_entries")).isEqualTo(1);
            assertThat(http.metric("stowage_cache_bytes")).isPositive();
            assertThat(http.metric("stowage_cache_evictions_total")).isZero();
            assertThat(http.metric("stowage_cache_max_bytes")).isEqualTo(64L << 20);
            assertThat(http.metric("stowage_cache_max_age_seconds")).isEqualTo(7 * 24 * 3600);
        }
    }

    @Test
    void aSmallOriginalsTierCachesNoOriginalWhileVariantsStay() throws Exception {
        try (GatewayServer gateway = start(new CacheTier(16, Duration.ofMinutes(5)), CacheTier.of(64L << 20))) {
            HttpTester http = new HttpTester(gateway.baseUri());
            assertThat(http.get("/local/tr:w-20/gradient.jpg").statusCode()).isEqualTo(200);
            assertThat(http.get("/local/tr:w-20/gradient.jpg").statusCode()).isEqualTo(200);

            assertThat(http.metric("stowage_cache_entries")).isZero();
            assertThat(http.metric("stowage_cache_max_age_seconds")).isEqualTo(300);
            assertThat(http.metric("stowage_variant_entries")).isEqualTo(1);
            assertThat(http.metric("stowage_variant_store_bytes")).isPositive();
            assertThat(http.metric("stowage_variant_hits_total")).isEqualTo(1);
            assertThat(http.metric("stowage_variant_evictions_total")).isZero();
        }
    }
}
