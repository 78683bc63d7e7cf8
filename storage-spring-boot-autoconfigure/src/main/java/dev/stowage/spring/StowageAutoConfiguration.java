package dev.stowage.spring;

import dev.stowage.BlobStore;
import dev.stowage.StoreRegistry;
import dev.stowage.micrometer.MicrometerStoreListener;
import io.micrometer.core.instrument.MeterRegistry;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.annotation.Order;

/**
 * Named stores from {@code stowage.stores.*}: one {@link StoreRegistry} bean and one {@link BlobStore} bean per
 * store (bean name and {@code @Qualifier} = the store's name), all closed when the application stops; their calls
 * are recorded in the application's {@code MeterRegistry} when Micrometer and {@code storage-micrometer} are there.
 */
@AutoConfiguration
@EnableConfigurationProperties(StowageProperties.class)
@Import(StoreBeansRegistrar.class)
public class StowageAutoConfiguration {
    static final String STORES_BEAN = "stowageStores";

    /** The configured stores, opened on first use; closing it closes them. */
    @Bean(destroyMethod = "close")
    @ConditionalOnMissingBean
    public StoreRegistry stowageStoreRegistry(StowageProperties properties) {
        return StoreRegistry.of(StoreConfigs.of(properties.getStores()));
    }

    /** Makes the store beans. */
    @Bean(STORES_BEAN)
    public StowageStores stowageStores(StoreRegistry registry, ObjectProvider<StoreCustomizer> customizers) {
        return new StowageStores(registry, customizers.orderedStream().toList());
    }

    /** Records store calls with {@link MicrometerStoreListener} when the application has a MeterRegistry. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = {"io.micrometer.core.instrument.MeterRegistry",
            "dev.stowage.micrometer.MicrometerStoreListener"})
    @ConditionalOnProperty(name = "stowage.metrics.enabled", havingValue = "true", matchIfMissing = true)
    static class StoreMetricsConfiguration {
        /** Wraps each store bean in a Micrometer-observed layer; the innermost customizer, applied first. */
        @Bean
        @Order(0)
        StoreCustomizer stowageMicrometerStoreCustomizer(ObjectProvider<MeterRegistry> meters) {
            return (name, store) -> {
                MeterRegistry registry = meters.getIfUnique();
                return registry == null ? store : MicrometerStoreListener.observe(store, registry);
            };
        }
    }
}
