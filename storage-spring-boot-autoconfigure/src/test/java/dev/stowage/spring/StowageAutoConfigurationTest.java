package dev.stowage.spring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.StoreRegistry;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The store beans, registry, options, metrics and shutdown, against local folders and an embedded S3 server. */
class StowageAutoConfigurationTest {
    static S3ProxyEmulator s3;

    @TempDir
    Path dir;

    final ApplicationContextRunner runner = new ApplicationContextRunner()
            .withConfiguration(AutoConfigurations.of(StowageAutoConfiguration.class,
                    StowageHealthAutoConfiguration.class, StowageGatewayAutoConfiguration.class));

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket("bucket");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    /** An application bean that asks for a store by qualifier. */
    record Album(BlobStore photos) {
    }

    @Configuration(proxyBeanMethods = false)
    static class AlbumConfig {
        @Bean
        Album album(@Qualifier("photos") BlobStore photos) {
            return new Album(photos);
        }
    }

    @Test
    void eachStoreIsABeanNamedAndQualifiedAfterItAndTheRegistryHasThemAll() {
        runner.withUserConfiguration(AlbumConfig.class)
                .withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.stores.archive.uri=" + dir.resolve("archive").toUri())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context.getBeansOfType(BlobStore.class)).containsOnlyKeys("photos", "archive");
                    assertThat(context.getBean(StoreRegistry.class).names()).containsExactly("photos", "archive");

                    BlobStore photos = context.getBean(Album.class).photos();
                    photos.put("a.txt", "hello".getBytes(StandardCharsets.UTF_8));
                    assertThat(context.getBean("photos", BlobStore.class)).isSameAs(photos);
                    assertThat(context.getBean(StoreRegistry.class).store("photos").getBytes("a.txt"))
                            .asString(StandardCharsets.UTF_8).isEqualTo("hello");
                    assertThat(dir.resolve("photos/a.txt")).hasContent("hello");
                    assertThat(context.getBean("archive", BlobStore.class).exists("a.txt")).isFalse();
                });
    }

    @Test
    void optionsBindInAnyRelaxedFormAndOverrideTheUri() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.stores.photos.options.public-url-base=https://cdn.example.com/p/",
                        "stowage.stores.photos.options.READONLY=true")
                .run(context -> {
                    BlobStore photos = context.getBean("photos", BlobStore.class);
                    assertThat(photos.publicUrl("a b.jpg")).isEqualTo(URI.create("https://cdn.example.com/p/a%20b.jpg"));
                    assertThatThrownBy(() -> photos.put("a.txt", new byte[1]))
                            .isInstanceOfSatisfying(StorageException.class,
                                    e -> assertThat(e.code()).isEqualTo(ErrorCode.PERMISSION_DENIED));
                });
    }

    @Test
    void anS3StoreTakesItsCredentialsFromProperties() {
        runner.withPropertyValues("stowage.stores.media.uri=s3://bucket/media?pathStyle=true&region="
                                + S3ProxyEmulator.REGION + "&endpoint=" + s3.endpoint(),
                        "stowage.stores.media.options.access-key=" + S3ProxyEmulator.ACCESS_KEY,
                        "stowage.stores.media.options.secret-key=" + S3ProxyEmulator.SECRET_KEY)
                .run(context -> {
                    BlobStore media = context.getBean("media", BlobStore.class);
                    media.put("k.txt", "over s3".getBytes(StandardCharsets.UTF_8));
                    assertThat(media.getBytes("k.txt")).asString(StandardCharsets.UTF_8).isEqualTo("over s3");
                    assertThat(media.toString()).doesNotContain(S3ProxyEmulator.SECRET_KEY);
                    assertThat(context.getBean(StoreRegistry.class).config("media").orElseThrow().toString())
                            .doesNotContain(S3ProxyEmulator.SECRET_KEY);
                });
    }

    @Test
    void anUnknownOptionIsRefusedByName() {
        runner.withUserConfiguration(AlbumConfig.class)
                .withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.stores.photos.options.colour=blue")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .isInstanceOf(StorageException.class).hasMessageContaining("colour"));
    }

    @Test
    void aStoreWithoutUriIsRefusedSayingWhichProperty() {
        runner.withPropertyValues("stowage.stores.photos.options.readOnly=true")
                .run(context -> assertThat(context).getFailure().rootCause()
                        .hasMessageContaining("stowage.stores.photos.uri is not set"));
    }

    @Test
    void storesAreClosedWhenTheApplicationStops() {
        BlobStore[] kept = new BlobStore[1];
        runner.withPropertyValues("stowage.stores.media.uri=" + s3.storeUri("bucket", "closing"))
                .run(context -> {
                    kept[0] = context.getBean("media", BlobStore.class);
                    kept[0].put("k", new byte[1]);
                });
        // the S3 client was closed with the context: a call fails instead of reaching the server
        assertThatThrownBy(() -> kept[0].exists("k")).isInstanceOf(RuntimeException.class);
    }

    @Configuration(proxyBeanMethods = false)
    static class Meters {
        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    @Test
    void storeCallsAreRecordedInTheApplicationsMeterRegistry() {
        runner.withUserConfiguration(Meters.class)
                .withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri())
                .run(context -> {
                    BlobStore photos = context.getBean("photos", BlobStore.class);
                    photos.put("a.txt", new byte[42]);
                    assertThatThrownBy(() -> photos.stat("missing")).isInstanceOf(StorageException.class);

                    MeterRegistry meters = context.getBean(MeterRegistry.class);
                    assertThat(meters.get("stowage.store.calls").tag("store", "photos").tag("operation", "put")
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.get("stowage.store.calls").tag("store", "photos").tag("error", "NOT_FOUND")
                            .timer().count()).isEqualTo(1);
                    assertThat(meters.get("stowage.store.bytes").tag("direction", "write").summary().totalAmount())
                            .isEqualTo(42);
                });
    }

    @Test
    void metricsCanBeTurnedOff() {
        runner.withUserConfiguration(Meters.class)
                .withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri(),
                        "stowage.metrics.enabled=false")
                .run(context -> {
                    context.getBean("photos", BlobStore.class).put("a.txt", new byte[1]);
                    assertThat(context.getBean(MeterRegistry.class).find("stowage.store.calls").timers()).isEmpty();
                });
    }

    @Test
    void healthAndGatewayAreOffUnlessAskedFor() {
        runner.withPropertyValues("stowage.stores.photos.uri=" + dir.resolve("photos").toUri())
                .run(context -> {
                    assertThat(context).hasNotFailed();
                    assertThat(context).doesNotHaveBean("stowageHealthContributor");
                    assertThat(context).doesNotHaveBean("stowageGateway");
                });
    }
}
