package dev.stowage.spring;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.gateway.CacheTier;
import dev.stowage.gateway.Gateway;
import dev.stowage.gateway.GatewayOptions;
import dev.stowage.gateway.GatewayServlet;
import dev.stowage.layer.ForwardingBlobStore;
import dev.stowage.transform.EngineChoice;
import dev.stowage.transform.TransformLimits;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.annotation.Bean;

/**
 * The image gateway mounted in a servlet web application when {@code stowage.gateway.enabled=true}: a
 * {@link Gateway} bean over the configured stores (all, or {@code stowage.gateway.stores}) and its
 * {@link GatewayServlet} at {@code stowage.gateway.base-path} ({@code /img} by default). Its meters go to the
 * application's MeterRegistry when there is one, and {@code /img/metrics} keeps serving them.
 */
@AutoConfiguration(after = StowageAutoConfiguration.class)
@ConditionalOnClass(name = {"dev.stowage.gateway.Gateway", "jakarta.servlet.Servlet"})
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnProperty(name = "stowage.gateway.enabled", havingValue = "true")
public class StowageGatewayAutoConfiguration {

    /** The gateway over the configured stores; closed when the application stops (the stores stay the registry's). */
    @Bean(destroyMethod = "close")
    public Gateway stowageGateway(StowageProperties properties, StowageStores stores,
                                  ObjectProvider<MeterRegistry> meters) {
        StowageProperties.Gateway g = properties.getGateway();
        List<String> names = g.getStores().isEmpty() ? new ArrayList<>(stores.registry().names()) : g.getStores();
        if (names.isEmpty()) {
            throw new IllegalStateException("stowage.gateway.enabled is true but no store is configured: add "
                    + "stowage.stores.NAME.uri, or set stowage.gateway.enabled=false");
        }
        GatewayOptions.Builder options = GatewayOptions.builder(g.getCacheDir() != null ? g.getCacheDir()
                        : GatewayOptions.defaultCacheDir())
                .cacheBytes(g.getCacheSize().toBytes())
                .originalsCache(tier(g.getCacheOriginals(), g.getCacheSize()))
                .variantsCache(tier(g.getCacheVariants(), g.getCacheSize()))
                .cacheControl(g.getCacheControl())
                .canonicalBase(g.getCanonicalBase())
                .transformWait(g.getTransformWait())
                .originTimeout(g.getOriginTimeout())
                .revalidateAfter(g.getRevalidateAfter())
                .maxStreams(g.getMaxStreams())
                .neverEnlarge(g.isNeverEnlarge())
                .metricsEnabled(g.isMetricsEnabled())
                .meterRegistry(meters.getIfUnique());
        try {
            options.engine(EngineChoice.parse(g.getEngine()));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("stowage.gateway.engine: " + e.getMessage(), e);
        }
        if (g.getMaxTransforms() != null) {
            options.maxTransforms(g.getMaxTransforms());
        }
        if (g.getMaxOutputPixels() != null) {
            options.limits(TransformLimits.builder().maxOutputPixels(g.getMaxOutputPixels()).build());
        }
        for (String key : g.getSignKeys()) {
            options.signKey(key.getBytes(StandardCharsets.UTF_8));
        }
        if (g.getAdminToken() != null) {
            options.adminToken(g.getAdminToken());
        }
        g.getInlineTypes().forEach((store, types) -> options.inlineTypes(store, new LinkedHashSet<>(types)));
        if (g.getVariantCache() != null) {
            String v = g.getVariantCache();
            options.variantStore(stores.registry().names().contains(v) ? unowned(stores.store(v)) : BlobStores.open(v));
        }
        Gateway.Builder gateway = Gateway.builder(options.build());
        for (String name : names) {
            if (!stores.registry().names().contains(name)) {
                throw new IllegalArgumentException("stowage.gateway.stores names '" + name
                        + "', which is not configured; configured stores: " + stores.registry().names());
            }
            gateway.store(name, unowned(stores.store(name)));
        }
        return gateway.build();
    }

    /** The gateway's servlet at {@code base-path/*}. */
    @Bean
    public ServletRegistrationBean<GatewayServlet> stowageGatewayServlet(Gateway gateway,
                                                                         StowageProperties properties) {
        String base = properties.getGateway().getBasePath();
        if (base == null || !base.startsWith("/")) {
            throw new IllegalArgumentException("stowage.gateway.base-path must start with '/', e.g. /img; was '"
                    + base + "'");
        }
        while (base.endsWith("/")) {
            base = base.substring(0, base.length() - 1);
        }
        ServletRegistrationBean<GatewayServlet> bean =
                new ServletRegistrationBean<>(new GatewayServlet(gateway), base + "/*");
        bean.setName("stowageGateway");
        return bean;
    }

    /** The gateway closes the stores it is given; these belong to the registry, which closes them itself. */
    private static BlobStore unowned(BlobStore store) {
        return new ForwardingBlobStore(store) {
            @Override
            public void close() {
                // the registry closes the store
            }
        };
    }

    /** A tier's limits: its own where set, else {@code cache-size} and the default age limit. */
    private static CacheTier tier(StowageProperties.CacheTierProperties t, org.springframework.util.unit.DataSize size) {
        return new CacheTier((t.getSize() != null ? t.getSize() : size).toBytes(),
                t.getMaxAge() != null ? t.getMaxAge() : CacheTier.DEFAULT_MAX_AGE);
    }
}
