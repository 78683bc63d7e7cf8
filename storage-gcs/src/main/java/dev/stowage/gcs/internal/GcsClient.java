package dev.stowage.gcs.internal;

import com.google.api.gax.retrying.RetrySettings;
import com.google.auth.Credentials;
import com.google.auth.ServiceAccountSigner;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.cloud.NoCredentials;
import com.google.cloud.http.HttpTransportOptions;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.StorageOptions;
import com.google.cloud.storage.StorageRetryStrategy;
import dev.stowage.StoreConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

/**
 * The SDK client of one store and what was configured to build it: the bucket, which credential source is in
 * use (named in error hints, never its content), whether URLs can be signed, and whether the store owns the
 * client (and so closes it).
 *
 * @param storage          the SDK client
 * @param bucket           the bucket name
 * @param endpoint         the custom API host (emulators), or {@code null} for Google's
 * @param credentialSource a description of the credential in use, without any secret
 * @param canSign          whether the credentials can sign V4 URLs
 * @param owned            whether closing the store closes the client
 * @param chunkSize        bytes per request of a resumable upload
 * @param requestAttempts  how many times the SDK sends a failing request ({@code maxAttempts}); for a client the
 *                         application built, its own setting
 */
public record GcsClient(Storage storage, String bucket, String endpoint, String credentialSource, boolean canSign,
                        boolean owned, int chunkSize, int requestAttempts) {

    /** Every option the provider accepts. */
    public static final Set<String> OPTIONS = Set.of("project", "credentialsFile", "noCredentials", "endpoint",
            "partSize", "chunkSize", "maxAttempts", "retryDelay", "requestTimeout");

    private static final int MIB = 1024 * 1024;

    /** Builds a client from the configuration; reads the credentials file, does no network I/O. */
    public static GcsClient create(StoreConfig config) {
        String bucket = bucket(config);
        int chunkSize = chunkSize(config);
        int maxAttempts = config.intOption("maxAttempts", 6, 1, 20);
        Duration retryDelay = config.durationOption("retryDelay", Duration.ofSeconds(1));
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE,
                config.positiveDurationOption("requestTimeout", Duration.ofSeconds(60)).toMillis());
        Credentials credentials;
        String source;
        if (config.booleanOption("noCredentials", false)) {
            if (config.option("credentialsFile").isPresent()) {
                throw config.misconfigured("give either credentialsFile or noCredentials=true, not both");
            }
            credentials = NoCredentials.getInstance();
            source = "no credentials (noCredentials=true)";
        } else if (config.option("credentialsFile").isPresent()) {
            credentials = fromFile(config, config.option("credentialsFile").get());
            source = credentials instanceof ServiceAccountCredentials sa
                    ? "service account " + sa.getClientEmail() + " (option credentialsFile)"
                    : "the credentials in option credentialsFile";
        } else {
            try {
                credentials = GoogleCredentials.getApplicationDefault();
            } catch (IOException e) {
                throw config.misconfigured("no Google application-default credentials were found; set "
                        + "credentialsFile to a service-account JSON file, run 'gcloud auth application-default "
                        + "login', or set noCredentials=true for an emulator");
            }
            source = "the application-default credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud, metadata server)";
        }
        RetrySettings retries = RetrySettings.newBuilder().setMaxAttempts(maxAttempts)
                .setInitialRetryDelayDuration(retryDelay).setRetryDelayMultiplier(2.0)
                .setMaxRetryDelayDuration(retryDelay.multipliedBy(32))
                .setInitialRpcTimeoutDuration(Duration.ofSeconds(60)).setRpcTimeoutMultiplier(1.0)
                .setMaxRpcTimeoutDuration(Duration.ofSeconds(60)).setTotalTimeoutDuration(Duration.ofMinutes(10))
                .build();
        StorageOptions.Builder options = StorageOptions.http().setCredentials(credentials)
                .setRetrySettings(retries)
                .setTransportOptions(new DeadlineBoundTransportOptions(HttpTransportOptions.newBuilder()
                        .setConnectTimeout(timeoutMillis).setReadTimeout(timeoutMillis)))
                // a put replaces the whole object, so trying it again is safe: retry writes as well as reads
                .setStorageRetryStrategy(StorageRetryStrategy.getUniformStorageRetryStrategy());
        config.option("project").ifPresent(options::setProjectId);
        String endpoint = config.option("endpoint").map(e -> e.endsWith("/") ? e.substring(0, e.length() - 1) : e)
                .orElse(null);
        if (endpoint != null) {
            if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
                throw config.misconfigured("option 'endpoint' must be an http(s) URL such as http://127.0.0.1:4443, "
                        + "was '" + endpoint + "'");
            }
            options.setHost(endpoint);
        }
        Storage storage = options.build().getService();
        return new GcsClient(storage, bucket, endpoint, source, credentials instanceof ServiceAccountSigner, true,
                chunkSize, maxAttempts);
    }

    /** Wraps a client the application built; the store does not close it. */
    public static GcsClient wrap(StoreConfig config, Storage storage) {
        for (String option : Set.of("credentialsFile", "noCredentials", "endpoint", "project", "maxAttempts",
                "retryDelay", "requestTimeout")) {
            if (config.option(option).isPresent()) {
                throw config.misconfigured("option '" + option + "' configures a client, but this store was "
                        + "opened on an existing Storage client; set it on that client instead");
            }
        }
        Credentials credentials = storage.getOptions().getCredentials();
        String host = storage.getOptions().getHost();
        String endpoint = host == null || host.equals("https://storage.googleapis.com") ? null : host;
        return new GcsClient(storage, bucket(config), endpoint, "the credentials of the given Storage client",
                credentials instanceof ServiceAccountSigner, false, chunkSize(config),
                Math.max(1, storage.getOptions().getRetrySettings().getMaxAttempts()));
    }

    private static String bucket(StoreConfig config) {
        if (config.host().isEmpty()) {
            throw config.misconfigured("a gs: URI names the bucket as its host: gs://bucket/folder");
        }
        return config.host();
    }

    private static int chunkSize(StoreConfig config) {
        long size = config.partSizeOption("chunkSize", MIB, 16L * MIB, 256 * 1024, 1024L * MIB);
        if (size % (256 * 1024) != 0) {
            // the resumable upload protocol takes chunks in multiples of 256 KiB
            throw config.misconfigured("option 'partSize' must be a multiple of 256KiB on GCS (e.g. 8MiB), was "
                    + config.option("partSize").orElse(String.valueOf(size)));
        }
        return (int) size;
    }

    private static Credentials fromFile(StoreConfig config, String value) {
        // ${file:...} references arrive already resolved to the file's JSON content
        try (InputStream in = value.strip().startsWith("{")
                ? new ByteArrayInputStream(value.getBytes(StandardCharsets.UTF_8))
                : Files.newInputStream(Path.of(value))) {
            return GoogleCredentials.fromStream(in);
        } catch (IOException | RuntimeException e) {
            throw config.misconfigured("option 'credentialsFile' must name a readable service-account JSON file "
                    + "(or be ${file:/path/to/key.json}): " + e.getClass().getSimpleName());
        }
    }

    @Override
    public String toString() {
        return "GcsClient[" + bucket + (endpoint == null ? "" : " at " + endpoint) + "]";
    }
}
