package dev.stowage.examples.gallery;

import dev.stowage.BlobStore;
import dev.stowage.ListOptions;
import dev.stowage.gateway.DemoImages;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.CommandLineRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;

/**
 * A gallery: the {@code photos} store comes from {@code application.yml}, {@link GalleryController} lists it, and
 * the gateway the starter mounts at {@code /img} serves each image resized. Run it and open
 * {@code http://localhost:8080/api/photos}.
 */
@SpringBootApplication
public class GalleryApplication {
    public static void main(String[] args) {
        SpringApplication.run(GalleryApplication.class, args);
    }

    /** Puts a few generated images in an empty store, so that a first run has something to show. */
    @Bean
    @ConditionalOnProperty(name = "gallery.seed-demo", havingValue = "true")
    CommandLineRunner seedDemoImages(@Qualifier("photos") BlobStore photos) {
        return args -> {
            try (var first = photos.list(ListOptions.builder().pageSize(1).build()).limit(1)) {
                if (first.findAny().isEmpty()) {
                    DemoImages.seed(photos);
                }
            }
        };
    }
}
