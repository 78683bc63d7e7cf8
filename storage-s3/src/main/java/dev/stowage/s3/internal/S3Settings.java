package dev.stowage.s3.internal;

import dev.stowage.StoreConfig;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The S3 store's settings, parsed and checked from a {@link StoreConfig} before any I/O.
 * {@link #toString()} never shows the secret key or session token.
 *
 * @param bucket             the bucket (the URI's host)
 * @param region             the region requests are signed for
 * @param endpoint           a custom endpoint for S3-compatible services, or {@code null} for AWS
 * @param pathStyle          path-style ({@code endpoint/bucket/key}) rather than virtual-hosted addressing
 * @param accessKey          static access key id, or {@code null} for the default credential chain
 * @param secretKey          static secret key, or {@code null}
 * @param sessionToken       session token for temporary credentials, or {@code null}
 * @param anonymous          send unsigned requests (public buckets)
 * @param maxAttempts        attempts per request made by the SDK itself (1 = no SDK retries)
 * @param partSize           multipart part size in bytes
 * @param uploadConcurrency  parts of one upload in flight at once
 * @param multipartThreshold known lengths above this go multipart; at or below, one PutObject
 * @param maxConnections     HTTP connection pool size
 * @param conditionalWrites  whether the service honours If-None-Match / If-Match on writes
 * @param requestTimeout     the longest wait for bytes of a response (headers or body); connecting waits at most 10 s
 * @param md5Etags           whether single-part and part ETags are MD5 digests of the content (S3's rule outside
 *                           SSE-KMS and SSE-C, which are told apart by response headers), so writes and whole reads
 *                           are checked against them
 */
public record S3Settings(String bucket, String region, URI endpoint, boolean pathStyle, String accessKey,
                         String secretKey, String sessionToken, boolean anonymous, int maxAttempts, int partSize,
                         int uploadConcurrency, long multipartThreshold, int maxConnections,
                         boolean conditionalWrites, Duration requestTimeout, boolean md5Etags) {

    private static final int MIB = 1024 * 1024;
    /** S3's smallest part size (all parts but the last). */
    static final int MIN_PART_SIZE = 5 * MIB;
    /** S3's largest single PutObject and largest part. */
    static final long MAX_SINGLE_PUT = 5L * 1024 * MIB;

    /** Reads and checks the settings; configuration errors are MISCONFIGURED naming the option. */
    public static S3Settings from(StoreConfig config) {
        String bucket = config.host();
        if (bucket.isEmpty()) {
            throw config.misconfigured("an s3: URI names a bucket as its host, e.g. s3://my-bucket/folder");
        }
        URI endpoint = config.option("endpoint").map(e -> parseEndpoint(config, e)).orElse(null);
        String region = config.option("region").map(String::strip).orElseGet(S3Settings::defaultRegion);
        String accessKey = config.option("accessKey").orElse(null);
        String secretKey = config.option("secretKey").orElse(null);
        if ((accessKey == null) != (secretKey == null)) {
            throw config.misconfigured("options 'accessKey' and 'secretKey' go together; give both, or neither to "
                    + "use the AWS default credential chain");
        }
        String sessionToken = config.option("sessionToken").orElse(null);
        if (sessionToken != null && accessKey == null) {
            throw config.misconfigured("option 'sessionToken' needs 'accessKey' and 'secretKey'");
        }
        boolean anonymous = config.booleanOption("anonymous", false);
        if (anonymous && accessKey != null) {
            throw config.misconfigured("option 'anonymous=true' cannot be combined with 'accessKey'/'secretKey'");
        }
        // parts are held in memory as one array each: at most 2047 MiB (S3 itself takes up to 5 GiB)
        int partSize = (int) config.partSizeOption("partSizeMiB", MIB, 8L * MIB, 5L * MIB, 2047L * MIB);
        long thresholdMiB = config.intOption("multipartThresholdMiB", 32, 5, 5 * 1024);
        return new S3Settings(bucket, region, endpoint,
                config.booleanOption("pathStyle", false),
                accessKey, secretKey, sessionToken, anonymous,
                config.intOption("maxAttempts", 3, 1, 10),
                partSize,
                config.intOption("uploadConcurrency", 4, 1, 64),
                thresholdMiB * MIB,
                config.intOption("maxConnections", 64, 1, 1024),
                // AWS S3 honours If-None-Match / If-Match on writes; S3-compatible services vary (S3Proxy 2.6.0
                // ignores them), so with a custom endpoint they are claimed only when configured.
                config.booleanOption("conditionalWrites", endpoint == null),
                config.positiveDurationOption("requestTimeout", Duration.ofSeconds(60)),
                config.booleanOption("md5Etags", true));
    }

    /**
     * Whether the SDK signs request bodies: over plain HTTP it must (SigV4 offers no unsigned payload there), which
     * means reading a body once to hash it and again to send it, since chunk-signed ({@code aws-chunked}) bodies
     * are turned off for S3-compatible endpoints.
     */
    public boolean signsPayload() {
        return !anonymous && endpoint != null && "http".equalsIgnoreCase(endpoint.getScheme());
    }

    private static URI parseEndpoint(StoreConfig config, String value) {
        URI uri;
        try {
            uri = URI.create(value.strip());
        } catch (IllegalArgumentException e) {
            throw config.misconfigured("option 'endpoint' is not a valid URL: '" + value + "'");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
            throw config.misconfigured("option 'endpoint' must be an http(s) URL such as https://s3.example.com "
                    + "or http://127.0.0.1:9000, was '" + value + "'");
        }
        return uri;
    }

    private static String defaultRegion() {
        String fromProperty = System.getProperty("aws.region");
        if (fromProperty != null && !fromProperty.isBlank()) {
            return fromProperty.strip();
        }
        String fromEnv = System.getenv("AWS_REGION");
        return fromEnv != null && !fromEnv.isBlank() ? fromEnv.strip() : "us-east-1";
    }

    /** Whether static keys were configured (otherwise the default chain, or anonymous). */
    public boolean hasStaticKeys() {
        return accessKey != null;
    }

    /** Where the credentials come from, for hints; never the credentials themselves. */
    public String credentialSource() {
        if (anonymous) {
            return "no credentials (anonymous=true)";
        }
        if (hasStaticKeys()) {
            return "the static keys given by options 'accessKey'/'secretKey'"
                    + (sessionToken != null ? " with 'sessionToken'" : "");
        }
        return "the AWS default credential chain (system properties, AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                + "~/.aws profile, web identity, container or instance role)";
    }

    /** The endpoint as users know it: the custom one, or AWS's regional endpoint. */
    public URI effectiveEndpoint() {
        return endpoint != null ? endpoint : URI.create("https://s3." + region + ".amazonaws.com");
    }

    @Override
    public String toString() {
        return "S3Settings[bucket=" + bucket + ", region=" + region + ", endpoint=" + effectiveEndpoint()
                + ", pathStyle=" + pathStyle + ", credentials=" + (anonymous ? "anonymous"
                : hasStaticKeys() ? "static" : "default chain") + ", maxAttempts=" + maxAttempts
                + ", partSize=" + partSize + ", uploadConcurrency=" + uploadConcurrency
                + ", multipartThreshold=" + multipartThreshold + ", maxConnections=" + maxConnections
                + ", conditionalWrites=" + conditionalWrites + ", md5Etags=" + md5Etags + "]";
    }
}
