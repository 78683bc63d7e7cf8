package dev.stowage.bunny;

import dev.stowage.StoreConfig;
import dev.stowage.bunny.internal.BunnyDriver;
import dev.stowage.bunny.internal.BunnySettings;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Opens Bunny Storage (bunny.net Edge Storage) zones: {@code bunny://zone/folder?region=ny&accessKey=${env:...}}.
 * The host is the storage zone's name, the path a folder used as the store's root, and {@code accessKey} the storage
 * zone's password (not the account API key).
 */
public final class BunnyProvider implements BlobStoreProvider {
    /** Primary storage regions and their API hosts, as Bunny's HTTP API documentation lists them. */
    static final Map<String, String> REGION_HOSTS = regionHosts();

    private static Map<String, String> regionHosts() {
        Map<String, String> m = new TreeMap<>();
        m.put("de", "storage.bunnycdn.com"); // Falkenstein / Frankfurt, the default
        m.put("uk", "uk.storage.bunnycdn.com");
        m.put("ny", "ny.storage.bunnycdn.com");
        m.put("la", "la.storage.bunnycdn.com");
        m.put("sg", "sg.storage.bunnycdn.com");
        m.put("se", "se.storage.bunnycdn.com");
        m.put("br", "br.storage.bunnycdn.com");
        m.put("jh", "jh.storage.bunnycdn.com");
        m.put("syd", "syd.storage.bunnycdn.com");
        return Map.copyOf(m);
    }

    @Override
    public Set<String> schemes() {
        return Set.of("bunny");
    }

    @Override
    public Set<String> options() {
        return Set.of("accessKey", "region", "endpoint", "requestTimeout", "tokenKey", "pullZone");
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        String zone = config.host();
        if (zone.isEmpty()) {
            throw config.misconfigured("a bunny: URI needs a storage zone name, e.g. bunny://my-zone/folder"
                    + "?accessKey=${env:BUNNY_STORAGE_PASSWORD}");
        }
        String accessKey = config.requireOption("accessKey", "the storage zone's password, from its FTP & API "
                + "Access page; not the account API key");
        URI endpoint = endpoint(config);
        Duration requestTimeout = config.positiveDurationOption("requestTimeout", Duration.ofSeconds(60));
        String pullZone = config.option("pullZone").orElse(null);
        if (pullZone != null && !pullZone.matches("[A-Za-z0-9-]+")) {
            throw config.misconfigured("option 'pullZone' must be a pull zone name (letters, digits and '-'), "
                    + "the part before .b-cdn.net, was '" + pullZone + "'");
        }
        String publicUrlBase = config.option("publicUrlBase").orElse(null);
        String tokenKey = config.option("tokenKey").orElse(null);
        if (tokenKey != null && tokenKey.isBlank()) {
            throw config.misconfigured("option 'tokenKey' is empty; set it to the pull zone's URL Token "
                    + "Authentication Key or leave it out");
        }
        if (tokenKey != null && publicUrlBase == null && pullZone == null) {
            throw config.misconfigured("option 'tokenKey' signs URLs of a pull zone, but no pull zone is "
                    + "configured; set pullZone=<name> or publicUrlBase=https://<pull zone host>/");
        }
        return new BunnyDriver(new BunnySettings(zone, config.folder(), endpoint, accessKey, requestTimeout,
                pullZone, publicUrlBase, tokenKey));
    }

    private static URI endpoint(StoreConfig config) {
        String region = config.option("region", "de").strip().toLowerCase(Locale.ROOT);
        String host = REGION_HOSTS.get(region.equals("falkenstein") || region.isEmpty() ? "de" : region);
        if (host == null) {
            throw config.misconfigured("option 'region' must be one of " + String.join(", ", REGION_HOSTS.keySet())
                    + " (the storage zone's primary region, as in its FTP & API Access page), was '" + region + "'");
        }
        String endpoint = config.option("endpoint").orElse(null);
        if (endpoint == null) {
            return URI.create("https://" + host);
        }
        URI uri;
        try {
            uri = URI.create(endpoint.strip());
        } catch (IllegalArgumentException e) {
            throw config.misconfigured("option 'endpoint' is not a URL: '" + endpoint + "'");
        }
        if (uri.getHost() == null || !("https".equals(uri.getScheme()) || "http".equals(uri.getScheme()))
                || uri.getRawQuery() != null) {
            throw config.misconfigured("option 'endpoint' must be an http(s) URL without a query, e.g. "
                    + "https://ny.storage.bunnycdn.com, was '" + endpoint + "'");
        }
        String s = uri.toString();
        return URI.create(s.endsWith("/") ? s.substring(0, s.length() - 1) : s);
    }
}
