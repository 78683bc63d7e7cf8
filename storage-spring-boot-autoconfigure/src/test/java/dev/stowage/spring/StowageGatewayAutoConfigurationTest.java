package dev.stowage.spring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.stowage.gateway.CacheTier;
import dev.stowage.gateway.Gateway;
import dev.stowage.gateway.GatewayServlet;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.web.servlet.ServletRegistrationBean;

/** The gateway's beans and the refusals of a bad gateway configuration. */
class StowageGatewayAutoConfigurationTest {
    @TempDir
    Path dir;

    final WebApplicationContextRunner runner = new WebApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class,
                    StowageGatewayAutoConfiguration.class));

    @Test
    void theGatewayIsMountedAtTheBasePathWithTheServeOptions() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.stores.other.uri=" + dir.resolve("other").toUri(),
                        "stowage.gateway.enabled=true", "stowage.gateway.base-path=/images/",
                        "stowage.gateway.stores=photos", "stowage.gateway.cache-dir=" + dir.resolve("cache"),
                        "stowage.gateway.cache-size=64MB", "stowage.gateway.cache-variants.size=16MB",
                        "stowage.gateway.cache-variants.max-age=1h", "stowage.gateway.max-streams=7",
                        "stowage.gateway.transform-wait=3s", "stowage.gateway.sign-keys=k1,k2",
                        "stowage.gateway.admin-token=t0ken", "stowage.gateway.engine=java")
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    @SuppressWarnings("unchecked")
                    ServletRegistrationBean<GatewayServlet> servlet = context.getBean(ServletRegistrationBean.class);
                    assertThat(servlet.getUrlMappings()).containsExactly("/images/*");
                    Gateway gateway = context.getBean(Gateway.class);
                    assertThat(gateway.options().originalsCache().maxBytes()).isEqualTo(64L << 20);
                    assertThat(gateway.options().originalsCache().maxAge()).isEqualTo(CacheTier.DEFAULT_MAX_AGE);
                    assertThat(gateway.options().variantsCache().maxBytes()).isEqualTo(16L << 20);
                    assertThat(gateway.options().variantsCache().maxAge()).hasHours(1);
                    assertThat(gateway.options().maxStreams()).isEqualTo(7);
                    assertThat(gateway.options().transformWait()).hasSeconds(3);
                    assertThat(gateway.options().signKeys()).hasSize(2);
                    assertThat(gateway.options().toString()).doesNotContain("t0ken").doesNotContain("k1");
                    assertThat(gateway.engine()).startsWith("java");
                });
    }

    @Test
    void aGatewayOverAStoreThatIsNotConfiguredIsRefusedByName() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.gateway.enabled=true", "stowage.gateway.stores=fotos",
                        "stowage.gateway.cache-dir=" + dir.resolve("cache"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("stowage.gateway.stores names 'fotos'").hasMessageContaining("photos"));
    }

    @Test
    void aBasePathWithoutLeadingSlashIsRefused() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.gateway.enabled=true", "stowage.gateway.base-path=img",
                        "stowage.gateway.cache-dir=" + dir.resolve("cache"))
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("stowage.gateway.base-path must start with '/'"));
    }

    @Test
    void anUnknownEngineIsRefusedNamingTheProperty() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.gateway.enabled=true", "stowage.gateway.engine=magick",
                        "stowage.gateway.cache-dir=" + dir.resolve("cache"))
                .run(context -> assertThat(context).getFailure()
                        .hasMessageContaining("stowage.gateway.engine: Unknown image engine 'magick'"));
    }

    @Test
    void noGatewayUnlessEnabled() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri())
                .run(context -> assertThat(context).doesNotHaveBean(Gateway.class)
                        .doesNotHaveBean(ServletRegistrationBean.class));
    }
}
