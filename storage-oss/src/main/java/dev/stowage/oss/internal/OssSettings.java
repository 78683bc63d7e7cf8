package dev.stowage.oss.internal;

import java.net.URI;

/**
 * The settings of one OSS store, resolved from its configuration.
 *
 * @param bucket           the bucket
 * @param endpoint         the endpoint URL
 * @param pathStyle        whether requests and public URLs put the bucket in the path rather than the host
 * @param partSize         the part size of multipart uploads, in bytes
 * @param credentialSource where the credentials came from, for error hints (never the secret)
 * @param requestAttempts  how many times the SDK sends a failing request ({@code maxAttempts})
 */
public record OssSettings(String bucket, URI endpoint, boolean pathStyle, int partSize, String credentialSource,
                          int requestAttempts) {
}
