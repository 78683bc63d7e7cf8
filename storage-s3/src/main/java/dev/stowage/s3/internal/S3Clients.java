package dev.stowage.s3.internal;

import java.time.Duration;
import software.amazon.awssdk.auth.credentials.AnonymousCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.checksums.RequestChecksumCalculation;
import software.amazon.awssdk.core.checksums.ResponseChecksumValidation;
import software.amazon.awssdk.http.apache.ApacheHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3ClientBuilder;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;

/**
 * Builds the SDK client and presigner from {@link S3Settings}.
 *
 * <p>The HTTP client is the Apache one: it pools connections (the URLConnection client reuses them only through
 * the JDK's keep-alive cache and cannot bound them), which matters for parallel multipart uploads and many small
 * requests, and it streams request bodies of known length without buffering.
 */
public final class S3Clients {
    private S3Clients() {
    }

    /** A synchronous client configured as the settings say. */
    public static S3Client client(S3Settings settings) {
        return configure(S3Client.builder(), settings).build();
    }

    /**
     * The builder the driver uses, exposed so that a benchmark can build the same raw client for comparison.
     */
    public static S3ClientBuilder configure(S3ClientBuilder builder, S3Settings settings) {
        builder.region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .forcePathStyle(settings.pathStyle())
                .httpClientBuilder(ApacheHttpClient.builder()
                        .maxConnections(settings.maxConnections())
                        .connectionTimeout(settings.requestTimeout().compareTo(Duration.ofSeconds(10)) < 0
                                ? settings.requestTimeout() : Duration.ofSeconds(10))
                        // every wait for bytes of a response, body included: a stalled read fails, never hangs
                        .socketTimeout(settings.requestTimeout()))
                // The portable retry layer retries whole operations; the SDK's own retries stay few.
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.standardRetryStrategy().toBuilder()
                        .maxAttempts(settings.maxAttempts()).build()));
        if (settings.endpoint() != null) {
            builder.endpointOverride(settings.endpoint())
                    // Many S3-compatible services reject the SDK's default trailing CRC checksums.
                    .requestChecksumCalculation(RequestChecksumCalculation.WHEN_REQUIRED)
                    .responseChecksumValidation(ResponseChecksumValidation.WHEN_REQUIRED)
                    // Over plain HTTP the SDK would otherwise sign each chunk of a body (aws-chunked), and servers
                    // that do not decode it (s3rver, some self-hosted gateways) store the framing as content.
                    // Without it a body is hashed whole before it is sent (see S3Settings.signsPayload).
                    .serviceConfiguration(S3Configuration.builder().chunkedEncodingEnabled(false).build());
        }
        return builder;
    }

    /** A presigner for the same bucket, region, endpoint, addressing and credentials. */
    public static S3Presigner presigner(S3Settings settings) {
        S3Presigner.Builder b = S3Presigner.builder()
                .region(Region.of(settings.region()))
                .credentialsProvider(credentials(settings))
                .serviceConfiguration(software.amazon.awssdk.services.s3.S3Configuration.builder()
                        .pathStyleAccessEnabled(settings.pathStyle()).build());
        if (settings.endpoint() != null) {
            b.endpointOverride(settings.endpoint());
        }
        return b.build();
    }

    private static AwsCredentialsProvider credentials(S3Settings settings) {
        if (settings.anonymous()) {
            return AnonymousCredentialsProvider.create();
        }
        if (settings.hasStaticKeys()) {
            return StaticCredentialsProvider.create(settings.sessionToken() != null
                    ? AwsSessionCredentials.create(settings.accessKey(), settings.secretKey(), settings.sessionToken())
                    : AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
        }
        return DefaultCredentialsProvider.builder().build();
    }
}
