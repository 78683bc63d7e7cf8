package dev.stowage.azure.internal;

import com.azure.core.http.policy.HttpLogOptions;
import com.azure.core.util.HttpClientOptions;
import com.azure.identity.DefaultAzureCredentialBuilder;
import com.azure.storage.blob.BlobContainerClient;
import com.azure.storage.blob.BlobServiceClient;
import com.azure.storage.blob.BlobServiceClientBuilder;
import com.azure.storage.common.StorageSharedKeyCredential;
import com.azure.storage.common.policy.RequestRetryOptions;
import com.azure.storage.common.policy.RetryPolicyType;
import dev.stowage.StoreConfig;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;

/**
 * The SDK clients of one store and what was configured to build them: account, container, which credential
 * source is in use (named in error hints, never its value) and the transfer settings.
 *
 * @param service          the account's service client
 * @param container        the container's client
 * @param account          the storage account name
 * @param credentialSource a description of the credential in use, without any secret
 * @param canSign          whether an account key is at hand to sign SAS URLs
 * @param blockSize        block size for staged uploads and chunked reads, in bytes
 * @param concurrency      blocks uploaded in parallel
 * @param requestAttempts  how many times the SDK sends a failing request ({@code maxAttempts})
 */
public record AzureClients(BlobServiceClient service, BlobContainerClient container, String account,
                           String credentialSource, boolean canSign, int blockSize, int concurrency,
                           int requestAttempts) {
    /** Every option the provider accepts. */
    public static final Set<String> OPTIONS = Set.of("connectionString", "accountKey", "sasToken",
            "managedIdentityClientId", "endpoint", "partSize", "blockSize", "concurrency", "maxAttempts", "retryDelay",
            "requestTimeout");
    private static final long MIB = 1024 * 1024;

    /** Builds the clients from a store configuration; no I/O happens here. */
    public static AzureClients create(StoreConfig config) {
        String account = config.host();
        if (account.isEmpty()) {
            throw config.misconfigured("an azure: URI names the storage account as its host: "
                    + "azure://account/container/folder");
        }
        String folder = config.folder();
        String containerName = folder.contains("/") ? folder.substring(0, folder.indexOf('/')) : folder;
        if (containerName.isEmpty()) {
            throw config.misconfigured("an azure: URI needs a container as its first path segment: "
                    + "azure://" + account + "/container[/folder]");
        }
        // a block is held in memory as one array: at most 2047 MiB (Azure itself takes up to 4000 MiB)
        long blockSize = config.partSizeOption("blockSize", MIB, 8L * MIB, MIB, 2047L * MIB);
        int concurrency = config.intOption("concurrency", 2, 1, 64);
        int maxAttempts = config.intOption("maxAttempts", 4, 1, 20);
        Duration retryDelay = config.durationOption("retryDelay", Duration.ofSeconds(1));
        Duration requestTimeout = config.positiveDurationOption("requestTimeout", Duration.ofSeconds(60));

        // Each bounds one wait of a request: connecting, the response's headers, and every read of its body, so a
        // connection that stalls mid-body fails (and is retried) instead of hanging.
        HttpClientOptions http = new HttpClientOptions();
        Duration connectTimeout = requestTimeout.compareTo(Duration.ofSeconds(10)) < 0 ? requestTimeout
                : Duration.ofSeconds(10);
        http.setConnectTimeout(connectTimeout).setResponseTimeout(requestTimeout).setReadTimeout(requestTimeout)
                .setWriteTimeout(requestTimeout);
        BlobServiceClientBuilder builder = new BlobServiceClientBuilder()
                .clientOptions(http)
                .httpLogOptions(new HttpLogOptions())
                .retryOptions(new RequestRetryOptions(RetryPolicyType.EXPONENTIAL, maxAttempts, (Duration) null,
                        retryDelay, retryDelay.multipliedBy(30), null));
        String source;
        boolean canSign;
        String connectionString = config.option("connectionString").orElse(null);
        String accountKey = config.option("accountKey").orElse(null);
        String sasToken = config.option("sasToken").orElse(null);
        String identityClientId = config.option("managedIdentityClientId").orElse(null);
        int given = (connectionString != null ? 1 : 0) + (accountKey != null ? 1 : 0) + (sasToken != null ? 1 : 0);
        if (given > 1) {
            throw config.misconfigured("give only one of connectionString, accountKey and sasToken");
        }
        if (identityClientId != null && given > 0) {
            throw config.misconfigured("option 'managedIdentityClientId' picks the identity of the default Azure "
                    + "credential chain; it cannot be combined with connectionString, accountKey or sasToken");
        }
        if (identityClientId != null && identityClientId.isBlank()) {
            throw config.misconfigured("option 'managedIdentityClientId' must be the client id of a user-assigned "
                    + "managed identity");
        }
        if (connectionString != null) {
            try {
                builder.connectionString(connectionString);
            } catch (IllegalArgumentException e) {
                // the SDK's message may quote the connection string, so it is not passed on
                throw config.misconfigured("option 'connectionString' is not a valid Azure Storage connection "
                        + "string (expected AccountName=...;AccountKey=...;BlobEndpoint=... or DefaultEndpointsProtocol=...)");
            }
            source = "the connection string (option connectionString)";
            canSign = connectionString.toLowerCase(Locale.ROOT).contains("accountkey=");
        } else if (accountKey != null) {
            try {
                builder.credential(new StorageSharedKeyCredential(account, accountKey));
            } catch (IllegalArgumentException e) {
                throw config.misconfigured("option 'accountKey' is not a valid base64 account key");
            }
            source = "the shared key of account '" + account + "' (option accountKey)";
            canSign = true;
        } else if (sasToken != null) {
            builder.sasToken(sasToken);
            source = "the SAS token (option sasToken)";
            canSign = false;
        } else if (identityClientId != null) {
            builder.credential(new DefaultAzureCredentialBuilder().managedIdentityClientId(identityClientId).build());
            // a client id names an identity; it grants nothing by itself, so it may appear in hints
            source = "the default Azure credential chain with user-assigned managed identity '" + identityClientId
                    + "' (option managedIdentityClientId)";
            canSign = false;
        } else {
            builder.credential(new DefaultAzureCredentialBuilder().build());
            source = "the default Azure credential chain (managed identity, workload identity, environment, "
                    + "Azure CLI)";
            canSign = false;
        }
        String endpoint = config.option("endpoint").orElse(null);
        if (endpoint != null) {
            builder.endpoint(checkedEndpoint(config, endpoint));
        } else if (connectionString == null) {
            builder.endpoint("https://" + account + ".blob.core.windows.net");
        }
        BlobServiceClient service;
        try {
            service = builder.buildClient();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw config.misconfigured("cannot build the Azure client: " + e.getMessage());
        }
        return new AzureClients(service, service.getBlobContainerClient(containerName), account, source, canSign,
                (int) blockSize, concurrency, maxAttempts);
    }

    private static String checkedEndpoint(StoreConfig config, String endpoint) {
        try {
            URI uri = new URI(endpoint);
            if (uri.getScheme() == null || uri.getHost() == null) {
                throw new URISyntaxException(endpoint, "no scheme or host");
            }
            return endpoint.endsWith("/") ? endpoint.substring(0, endpoint.length() - 1) : endpoint;
        } catch (URISyntaxException e) {
            throw config.misconfigured("option 'endpoint' must be the account's blob URL, e.g. "
                    + "https://account.blob.core.chinacloudapi.cn or http://127.0.0.1:10000/devstoreaccount1, was '"
                    + endpoint + "'");
        }
    }

    /** The container's name. */
    public String containerName() {
        return container.getBlobContainerName();
    }

    @Override
    public String toString() {
        return "AzureClients[" + account + "/" + containerName() + "]";
    }
}
