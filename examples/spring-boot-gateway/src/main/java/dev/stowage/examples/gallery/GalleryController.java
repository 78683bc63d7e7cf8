package dev.stowage.examples.gallery;

import dev.stowage.BlobStore;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Stream;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Lists the images of the {@code photos} store with the gateway URLs of each, original and thumbnail. */
@RestController
public class GalleryController {
    /** One image and where the gateway serves it. */
    public record Photo(String key, long size, String original, String thumbnail) {
    }

    private final BlobStore photos;
    private final String gateway;

    public GalleryController(@Qualifier("photos") BlobStore photos,
                             @Value("${stowage.gateway.base-path}") String gatewayPath) {
        this.photos = photos;
        this.gateway = gatewayPath;
    }

    @GetMapping("/api/photos")
    public List<Photo> photos() {
        try (Stream<ListEntry> entries = photos.list(ListOptions.builder().build())) {
            return entries.filter(e -> !e.isPrefix())
                    .map(e -> new Photo(e.key(), e.info().size(), gateway + "/photos/" + path(e.key()),
                            gateway + "/photos/tr:w-200/" + path(e.key())))
                    .toList();
        }
    }

    private static String path(String key) {
        StringBuilder out = new StringBuilder();
        for (String segment : key.split("/", -1)) {
            if (out.length() > 0) {
                out.append('/');
            }
            out.append(URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return out.toString();
    }
}
