package dev.stowage.oss;

import com.aliyun.oss.ClientBuilderConfiguration;
import com.aliyun.oss.OSS;
import com.aliyun.oss.OSSClientBuilder;
import com.aliyun.oss.common.auth.CredentialsProvider;
import com.aliyun.oss.common.auth.DefaultCredentialProvider;
import com.aliyun.oss.common.auth.EnvironmentVariableCredentialsProvider;
import com.aliyun.oss.common.comm.SignVersion;
import dev.stowage.StoreConfig;
import dev.stowage.oss.internal.OssDriver;
import dev.stowage.oss.internal.OssSettings;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * Opens Alibaba Cloud OSS buckets: {@code oss://bucket/folder?endpoint=https://oss-cn-hangzhou.aliyuncs.com}.
 * Credentials come from {@code accessKeyId} + {@code accessKeySecret} (+ {@code securityToken} for STS), or from the
 * SDK's environment variables {@code OSS_ACCESS_KEY_ID}, {@code OSS_ACCESS_KEY_SECRET} and {@code OSS_SESSION_TOKEN}.
 */
public final class OssProvider implements BlobStoreProvider {
    /** The smallest part OSS accepts for every part but the last. */
    static final int MIN_PART_SIZE = 100 * 1024;

    @Override
    public Set<String> schemes() {
        return Set.of("oss");
    }

    @Override
    public Set<String> options() {
        return Set.of("endpoint", "region", "accessKeyId", "accessKeySecret", "securityToken", "partSize",
                "maxAttempts", "maxRetries", "pathStyle", "connectTimeout", "requestTimeout", "socketTimeout");
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) {
        String bucket = config.host();
        if (bucket.isEmpty()) {
            throw config.misconfigured("an oss: URI needs a bucket, e.g. oss://my-bucket/folder?endpoint="
                    + "https://oss-cn-hangzhou.aliyuncs.com");
        }
        URI endpoint = endpoint(config);
        String region = config.option("region").orElse(null);
        boolean pathStyle = config.booleanOption("pathStyle", isIpOrLocal(endpoint.getHost()));
        int partSize = (int) config.partSizeOption(null, 1, 8L << 20, MIN_PART_SIZE, 1L << 30);
        int attempts = config.attemptsOption(4, 21);
        Duration connect = config.positiveDurationOption("connectTimeout", Duration.ofSeconds(10));
        Duration socket = config.positiveDurationOption("requestTimeout", "socketTimeout", Duration.ofSeconds(50));

        ClientBuilderConfiguration conf = new ClientBuilderConfiguration();
        conf.setMaxErrorRetry(attempts - 1);
        conf.setConnectionTimeout((int) connect.toMillis());
        conf.setSocketTimeout((int) socket.toMillis());
        // The SDK then runs each request on its own pool and waits for it interruptibly, aborting the request
        // when the wait is interrupted: that is how a store's deadline ends a request stalled on its socket (the
        // HTTP client ignores interrupts). No time limit of its own: socketTimeout ends a stalled connection.
        conf.setRequestTimeoutEnabled(true);
        conf.setRequestTimeout(Integer.MAX_VALUE);
        conf.setSLDEnabled(pathStyle);
        if (region != null) {
            conf.setSignatureVersion(SignVersion.V4);
        }
        String credentialSource;
        CredentialsProvider credentials;
        String keyId = config.option("accessKeyId").orElse(null);
        if (keyId != null) {
            String secret = config.requireOption("accessKeySecret", "the secret of access key " + keyId);
            String token = config.option("securityToken").orElse(null);
            credentials = new DefaultCredentialProvider(keyId, secret, token);
            credentialSource = token == null ? "access key '" + keyId + "' from the store's options"
                    : "STS access key '" + keyId + "' with securityToken from the store's options";
        } else if (config.option("accessKeySecret").isPresent()) {
            throw config.misconfigured("option 'accessKeySecret' is set without 'accessKeyId'; set both");
        } else {
            credentials = new EnvironmentVariableCredentialsProvider();
            credentialSource = "environment variables OSS_ACCESS_KEY_ID / OSS_ACCESS_KEY_SECRET";
            if (System.getenv("OSS_ACCESS_KEY_ID") == null) {
                throw config.misconfigured("no OSS credentials: set accessKeyId and accessKeySecret (and "
                        + "securityToken for STS), or the environment variables OSS_ACCESS_KEY_ID and "
                        + "OSS_ACCESS_KEY_SECRET");
            }
        }
        OSSClientBuilder.OSSClientBuilderImpl builder = OSSClientBuilder.create().endpoint(endpoint.toString())
                .credentialsProvider(credentials).clientConfiguration(conf);
        if (region != null) {
            builder.region(region.startsWith("oss-") ? region.substring(4) : region);
        }
        OSS client = builder.build();
        OssSettings settings = new OssSettings(bucket, endpoint, pathStyle, partSize, credentialSource, attempts);
        return new OssDriver(client, settings);
    }

    private static URI endpoint(StoreConfig config) {
        String raw = config.option("endpoint").orElse(null);
        if (raw == null) {
            String region = config.option("region").orElse(null);
            if (region == null) {
                throw config.misconfigured("option 'endpoint' is required, e.g. endpoint=https://oss-cn-hangzhou"
                        + ".aliyuncs.com (or give region=cn-hangzhou to use the public endpoint of that region)");
            }
            String r = region.startsWith("oss-") ? region : "oss-" + region;
            raw = "https://" + r + ".aliyuncs.com";
        }
        if (!raw.contains("://")) {
            raw = "https://" + raw;
        }
        URI uri;
        try {
            uri = URI.create(raw);
        } catch (IllegalArgumentException e) {
            throw config.misconfigured("option 'endpoint' is not a valid URL: '" + raw + "'");
        }
        String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
        if (uri.getHost() == null || !(scheme.equals("http") || scheme.equals("https"))) {
            throw config.misconfigured("option 'endpoint' must be an http(s) URL such as "
                    + "https://oss-cn-hangzhou.aliyuncs.com, was '" + raw + "'");
        }
        return uri;
    }

    private static boolean isIpOrLocal(String host) {
        return host.equals("localhost") || host.matches("[0-9.]+") || host.startsWith("[");
    }
}
