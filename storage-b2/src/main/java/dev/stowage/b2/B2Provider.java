package dev.stowage.b2;

import com.backblaze.b2.client.B2AccountAuthorizerSimpleImpl;
import com.backblaze.b2.client.B2ClientConfig;
import com.backblaze.b2.client.B2StorageClient;
import com.backblaze.b2.client.webApiHttpClient.B2StorageHttpClientBuilder;
import com.backblaze.b2.client.webApiHttpClient.HttpClientFactoryImpl;
import dev.stowage.StoreConfig;
import dev.stowage.b2.internal.B2Driver;
import dev.stowage.b2.internal.B2Settings;
import dev.stowage.b2.internal.BoundedRetryPolicy;
import dev.stowage.b2.internal.DeadlineBoundHttpClientFactory;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.BlobStoreProvider;
import java.time.Duration;
import java.util.Set;

/**
 * Opens Backblaze B2 buckets: {@code b2://bucket/folder}. Credentials come from {@code applicationKeyId} +
 * {@code applicationKey}, or from the environment variables {@code B2_APPLICATION_KEY_ID} and
 * {@code B2_APPLICATION_KEY}.
 */
public final class B2Provider implements BlobStoreProvider {
    private static final String DEFAULT_API = "https://api.backblazeb2.com";

    @Override
    public Set<String> schemes() {
        return Set.of("b2");
    }

    @Override
    public Set<String> options() {
        return Set.of("applicationKeyId", "applicationKey", "authorizeUrl", "partSize", "maxAttempts", "maxRetries",
                "hideOnDelete", "requestTimeout");
    }

    @Override
    public BlobStoreDriver open(StoreConfig config) throws Exception {
        String bucket = config.host();
        if (bucket.isEmpty()) {
            throw config.misconfigured("a b2: URI needs a bucket, e.g. b2://my-bucket/folder");
        }
        String keyId = config.option("applicationKeyId").orElse(null);
        String key = config.option("applicationKey").orElse(null);
        String source = "applicationKeyId '" + keyId + "' from the store's options";
        if (keyId == null) {
            if (key != null) {
                throw config.misconfigured("option 'applicationKey' is set without 'applicationKeyId'; set both");
            }
            keyId = System.getenv("B2_APPLICATION_KEY_ID");
            key = System.getenv("B2_APPLICATION_KEY");
            source = "environment variables B2_APPLICATION_KEY_ID / B2_APPLICATION_KEY";
            if (keyId == null || key == null) {
                throw config.misconfigured("no B2 credentials: set applicationKeyId and applicationKey, or the "
                        + "environment variables B2_APPLICATION_KEY_ID and B2_APPLICATION_KEY");
            }
        } else if (key == null) {
            throw config.misconfigured("option 'applicationKey' (the secret of application key " + keyId
                    + ") is required");
        }
        String authorizeUrl = config.option("authorizeUrl", DEFAULT_API);
        if (!authorizeUrl.startsWith("https://") && !authorizeUrl.startsWith("http://")) {
            throw config.misconfigured("option 'authorizeUrl' must be an http(s) URL, was '" + authorizeUrl + "'");
        }
        int attempts = config.attemptsOption(4, 21);
        int partSize = (int) config.partSizeOption(null, 1, 16L << 20, B2Settings.MIN_PART_SIZE, 1L << 30);
        boolean hide = config.booleanOption("hideOnDelete", false);
        Duration requestTimeout = config.positiveDurationOption("requestTimeout", Duration.ofSeconds(60));

        B2ClientConfig clientConfig = B2ClientConfig.builder(B2AccountAuthorizerSimpleImpl.builder(keyId, key)
                .build(), "stowage").setMasterUrl(authorizeUrl).build();
        HttpClientFactoryImpl.Builder http = HttpClientFactoryImpl.builder()
                .setSupportInsecureHttp(authorizeUrl.startsWith("http://"));
        B2StorageClient client = B2StorageHttpClientBuilder.builder(clientConfig)
                .setHttpClientFactory(new DeadlineBoundHttpClientFactory(http.build(), http.createRequestConfig()))
                .setRetryPolicySupplier(() -> new BoundedRetryPolicy(attempts - 1))
                .build();
        B2Settings settings = new B2Settings(bucket, partSize, hide, source, requestTimeout, attempts);
        try {
            return B2Driver.open(client, settings);
        } catch (Exception | Error e) {
            client.close();
            throw e;
        }
    }
}
