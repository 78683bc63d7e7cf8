package dev.stowage.spring;

import dev.stowage.StoreRegistry;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A health indicator per store under the {@code stowage} component, when {@code stowage.health.enabled=true} and
 * Actuator is there: Boot 3's ({@code org.springframework.boot.actuate.health}) or Boot 4's
 * ({@code org.springframework.boot.health.contributor}), each in a configuration of its own so that one jar runs
 * on both.
 */
@AutoConfiguration(after = StowageAutoConfiguration.class)
@ConditionalOnProperty(name = "stowage.health.enabled", havingValue = "true")
public class StowageHealthAutoConfiguration {
    static Map<String, StoreProbe> probes(StoreRegistry registry, StowageProperties properties) {
        Map<String, StoreProbe> probes = new LinkedHashMap<>();
        for (String name : registry.names()) {
            StowageProperties.Store s = properties.getStores().get(name);
            probes.put(name, new StoreProbe(registry, name, s == null ? null : s.getHealthKey()));
        }
        return probes;
    }

    /** Spring Boot 3. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot3 {
        @Bean
        org.springframework.boot.actuate.health.CompositeHealthContributor stowageHealthContributor(
                StoreRegistry registry, StowageProperties properties) {
            Map<String, org.springframework.boot.actuate.health.HealthIndicator> indicators = new LinkedHashMap<>();
            probes(registry, properties).forEach((name, probe) -> indicators.put(name, () -> {
                StoreProbe.Result r = probe.check();
                return (r.up() ? org.springframework.boot.actuate.health.Health.up()
                        : org.springframework.boot.actuate.health.Health.down()).withDetails(r.details()).build();
            }));
            return org.springframework.boot.actuate.health.CompositeHealthContributor.fromMap(indicators);
        }
    }

    /** Spring Boot 4, where health contributors moved to the {@code spring-boot-health} module. */
    @Configuration(proxyBeanMethods = false)
    @ConditionalOnClass(name = "org.springframework.boot.health.contributor.HealthIndicator")
    @ConditionalOnMissingClass("org.springframework.boot.actuate.health.HealthIndicator")
    static class Boot4 {
        @Bean
        org.springframework.boot.health.contributor.CompositeHealthContributor stowageHealthContributor(
                StoreRegistry registry, StowageProperties properties) {
            Map<String, org.springframework.boot.health.contributor.HealthIndicator> indicators = new LinkedHashMap<>();
            probes(registry, properties).forEach((name, probe) -> indicators.put(name, () -> {
                StoreProbe.Result r = probe.check();
                return (r.up() ? org.springframework.boot.health.contributor.Health.up()
                        : org.springframework.boot.health.contributor.Health.down()).withDetails(r.details()).build();
            }));
            return org.springframework.boot.health.contributor.CompositeHealthContributor.fromMap(indicators);
        }
    }
}
