package dev.stowage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads Supervisely's {@code remote_links.yml} as it is written for Supervisely's Links plugin: top-level account
 * names, each with a {@code provider} ({@code minio}, {@code azure} or {@code google}), its credentials and a
 * {@code buckets} list. Each bucket of each account becomes a store named {@code account/bucket}.
 *
 * <pre>{@code
 * my-car-datasets:
 *   provider: minio
 *   endpoint: s3.amazonaws.com
 *   access_key: ...
 *   secret_key: ...
 *   region: eu-central-1
 *   buckets:
 *   - cars_2020_20_10
 * }</pre>
 *
 * <p>{@code minio} is S3 at {@code endpoint} (a host or host:port, reached over https; write {@code http://host:port}
 * for plain HTTP), path-style except on AWS; {@code iam_role} (or no keys) means the default AWS credential chain.
 * {@code azure} takes the account name as {@code access_key} and the account key as {@code secret_key}.
 * {@code google} takes a service-account file as {@code credentials_path}. A key that does not apply to the
 * provider, and any unknown key, is refused by name.
 */
final class RemoteLinksFile {
    private static final Set<String> KEYS = new LinkedHashSet<>(List.of("provider", "endpoint", "access_key",
            "secret_key", "iam_role", "region", "credentials_path", "buckets"));

    private RemoteLinksFile() {
    }

    /** Whether a YAML document is in this format: no {@code stores:} map, and accounts with {@code provider:}. */
    static boolean isRemoteLinks(Map<?, ?> top) {
        if (top.containsKey("stores")) {
            return false;
        }
        return top.values().stream().anyMatch(v -> v instanceof Map<?, ?> m && m.containsKey("provider"));
    }

    /**
     * One store per bucket of each account.
     *
     * @throws IllegalArgumentException naming the account, the key and what is wrong
     */
    static List<StoreConfig> read(Map<?, ?> top) {
        List<StoreConfig> stores = new ArrayList<>();
        for (Map.Entry<?, ?> e : top.entrySet()) {
            String account = String.valueOf(e.getKey());
            if (!(e.getValue() instanceof Map<?, ?> entry) || !entry.containsKey("provider")) {
                throw new IllegalArgumentException("account '" + account + "' must be a map with 'provider:' "
                        + "(minio, azure or google) and 'buckets:'");
            }
            try {
                stores.addAll(account(account, entry));
            } catch (IllegalArgumentException ex) {
                throw new IllegalArgumentException("account '" + account + "': " + ex.getMessage(), ex);
            }
        }
        return stores;
    }

    private static List<StoreConfig> account(String account, Map<?, ?> entry) {
        Map<String, String> v = new LinkedHashMap<>();
        List<String> buckets = new ArrayList<>();
        for (Map.Entry<?, ?> e : entry.entrySet()) {
            String key = String.valueOf(e.getKey());
            if (!KEYS.contains(key)) {
                throw new IllegalArgumentException("unknown key '" + key + "'; a remote_links.yml account takes "
                        + String.join(", ", KEYS));
            }
            if (key.equals("buckets")) {
                buckets = bucketList(e.getValue());
            } else if (e.getValue() instanceof Map || e.getValue() instanceof List) {
                throw new IllegalArgumentException("'" + key + "' must be a single value");
            } else if (e.getValue() != null && !String.valueOf(e.getValue()).isBlank()) {
                v.put(key, String.valueOf(e.getValue()).strip());
            }
        }
        if (buckets.isEmpty()) {
            throw new IllegalArgumentException("'buckets:' must list at least one bucket, e.g. buckets: [my-bucket]");
        }
        String provider = v.getOrDefault("provider", "").toLowerCase(Locale.ROOT);
        List<StoreConfig> stores = new ArrayList<>();
        for (String bucket : buckets) {
            String name = account + "/" + bucket;
            stores.add(switch (provider) {
                case "minio", "s3" -> s3(name, bucket, v);
                case "azure" -> azure(name, bucket, v);
                case "google", "gcs", "gs" -> gcs(name, bucket, v);
                default -> throw new IllegalArgumentException("provider '" + v.get("provider")
                        + "' is not one of minio, azure, google");
            });
        }
        return stores;
    }

    private static List<String> bucketList(Object value) {
        if (!(value instanceof List<?> list)) {
            throw new IllegalArgumentException("'buckets:' must be a list of bucket names (one '- name' per line)");
        }
        List<String> names = new ArrayList<>();
        for (Object o : list) {
            String b = o == null ? "" : String.valueOf(o).strip();
            if (b.isEmpty() || b.contains("/") || b.contains(":")) {
                throw new IllegalArgumentException("bucket '" + b + "' is not a bucket name (no '/', ':' or blanks)");
            }
            names.add(b);
        }
        return names;
    }

    private static StoreConfig s3(String name, String bucket, Map<String, String> v) {
        refuse(v, "credentials_path", "is for provider google");
        Map<String, String> options = new LinkedHashMap<>();
        credentials(v, options);
        if (v.containsKey("region")) {
            options.put("region", v.get("region"));
        }
        String endpoint = v.get("endpoint");
        if (endpoint != null) {
            Endpoint ep = endpoint(endpoint);
            boolean aws = !endpoint.contains("://") && ep.host().endsWith(".amazonaws.com");
            if (!aws) {
                options.put("endpoint", ep.url());
                options.put("pathStyle", "true"); // MinIO and most S3-compatible servers serve buckets by path
            } else if (!bucket.equals(bucket.toLowerCase(Locale.ROOT)) || bucket.contains("_")) {
                // legacy AWS bucket names (underscores, capitals) are not host names: only path-style reaches them
                options.put("pathStyle", "true");
            }
        }
        return new StoreConfig(name, "s3", bucket, -1, null, "", options);
    }

    private static void credentials(Map<String, String> v, Map<String, String> options) {
        boolean keys = v.containsKey("access_key") || v.containsKey("secret_key");
        if (keys && v.containsKey("iam_role")) {
            throw new IllegalArgumentException("give either access_key and secret_key or iam_role, not both");
        }
        if (keys && !(v.containsKey("access_key") && v.containsKey("secret_key"))) {
            throw new IllegalArgumentException("access_key and secret_key go together; give both, or iam_role");
        }
        if (keys) {
            options.put("accessKey", v.get("access_key"));
            options.put("secretKey", v.get("secret_key"));
        }
        // iam_role: the AWS default credential chain, which finds the role attached to the instance
    }

    private static StoreConfig azure(String name, String container, Map<String, String> v) {
        refuse(v, "credentials_path", "is for provider google");
        refuse(v, "iam_role", "is for provider minio (AWS); without secret_key the default Azure credential chain "
                + "is used");
        refuse(v, "region", "does not apply to Azure; the endpoint names the account");
        Map<String, String> options = new LinkedHashMap<>();
        String account = v.get("access_key");
        String endpoint = v.get("endpoint");
        String standardHost = null;
        if (endpoint != null) {
            Endpoint ep = endpoint(endpoint);
            String host = ep.host();
            if (host.endsWith(".blob.core.windows.net")) {
                standardHost = host.substring(0, host.indexOf('.'));
            }
            if (standardHost == null || (account != null && !account.equalsIgnoreCase(standardHost))) {
                options.put("endpoint", ep.url()); // Azurite, a sovereign cloud or a custom domain
            }
        }
        if (account == null) {
            account = standardHost;
        }
        if (account == null) {
            throw new IllegalArgumentException("the storage account is unknown; give access_key: <account name> or "
                    + "endpoint: https://<account name>.blob.core.windows.net");
        }
        if (v.containsKey("secret_key")) {
            options.put("accountKey", v.get("secret_key"));
        }
        return new StoreConfig(name, "azure", account, -1, null, "/" + container, options);
    }

    private static StoreConfig gcs(String name, String bucket, Map<String, String> v) {
        refuse(v, "access_key", "is not used by provider google; give credentials_path: <service-account JSON>");
        refuse(v, "secret_key", "is not used by provider google; give credentials_path: <service-account JSON>");
        refuse(v, "iam_role", "is for provider minio (AWS); without credentials_path Google's application-default "
                + "credentials are used");
        refuse(v, "region", "does not apply to Google Cloud Storage buckets");
        Map<String, String> options = new LinkedHashMap<>();
        if (v.containsKey("credentials_path")) {
            options.put("credentialsFile", v.get("credentials_path"));
        }
        if (v.containsKey("endpoint")) {
            options.put("endpoint", endpoint(v.get("endpoint")).url());
        }
        return new StoreConfig(name, "gs", bucket, -1, null, "", options);
    }

    private static void refuse(Map<String, String> v, String key, String why) {
        if (v.containsKey(key)) {
            throw new IllegalArgumentException("'" + key + "' " + why);
        }
    }

    /** An endpoint as a URL and its host name. */
    private record Endpoint(String url, String host) {
    }

    /**
     * A host, host:port or http(s) URL as a URL, https unless the text says http://. Read as text, not checked as a
     * URI: the driver checks the address when the store is opened, so that one account with a placeholder does not
     * stop the others from loading.
     */
    private static Endpoint endpoint(String endpoint) {
        String e = endpoint.strip();
        int sep = e.indexOf("://");
        String scheme = sep < 0 ? "https" : e.substring(0, sep).toLowerCase(Locale.ROOT);
        String rest = sep < 0 ? e : e.substring(sep + 3);
        while (rest.endsWith("/")) {
            rest = rest.substring(0, rest.length() - 1);
        }
        int slash = rest.indexOf('/');
        String hostPort = slash < 0 ? rest : rest.substring(0, slash);
        int colon = hostPort.lastIndexOf(':');
        String host = colon < 0 ? hostPort : hostPort.substring(0, colon);
        if (!(scheme.equals("http") || scheme.equals("https")) || host.isBlank()) {
            throw new IllegalArgumentException("endpoint '" + endpoint + "' is not a host, host:port or http(s) URL "
                    + "(e.g. s3.amazonaws.com, minio.example.com:9000 or http://10.0.0.5:9000)");
        }
        return new Endpoint(scheme + "://" + rest, host.toLowerCase(Locale.ROOT));
    }
}
