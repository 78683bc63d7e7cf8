package dev.stowage.bunny.internal;

import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * The settings of one Bunny Storage store. {@link #toString()} leaves out the access key and the token key.
 *
 * @param zone           the storage zone's name
 * @param folder         the store's folder in the zone ("" for its root), as the portable layer applies it
 * @param endpoint       the storage API's base URL, without a trailing '/'
 * @param accessKey      the storage zone's password, sent as the {@code AccessKey} header
 * @param requestTimeout the longest wait for a response's headers, and for each read of a body
 * @param pullZone       the pull zone serving the zone, or {@code null}
 * @param publicUrlBase  the configured public URL base of the store's folder, or {@code null}
 * @param tokenKey       the pull zone's URL Token Authentication Key, or {@code null} (no signed URLs)
 */
public record BunnySettings(String zone, String folder, URI endpoint, String accessKey, Duration requestTimeout,
                            String pullZone, String publicUrlBase, String tokenKey) {
    public BunnySettings {
        Objects.requireNonNull(zone, "zone");
        Objects.requireNonNull(folder, "folder");
        Objects.requireNonNull(endpoint, "endpoint");
        Objects.requireNonNull(accessKey, "accessKey");
        Objects.requireNonNull(requestTimeout, "requestTimeout");
    }

    @Override
    public String toString() {
        return "BunnySettings[zone " + zone + " at " + endpoint + (pullZone == null ? "" : ", pull zone " + pullZone)
                + (tokenKey == null ? "" : ", signed URLs") + "]";
    }
}
