package dev.stowage.b2.internal;

import com.backblaze.b2.client.B2StorageClient;
import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.structures.B2AccountAuthorization;
import com.backblaze.b2.client.structures.B2DownloadByNameRequest;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.spi.StallTimeoutInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Streaming downloads by name. The SDK hands a download to a callback that must consume it before returning, which
 * cannot give a caller an {@link InputStream}; so the driver asks the SDK for the download URL and the account's
 * authorization token and reads the body itself, with B2's documented headers and JSON errors. The JDK client bounds
 * only the wait for the response headers; each read of a body is bounded by {@link StallTimeoutInputStream}, both
 * with {@code requestTimeout}.
 */
final class B2Downloads {
    private static final Pattern JSON_FIELD = Pattern.compile("\"(code|message)\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");

    private final B2StorageClient client;
    private final String bucket;
    private final Duration requestTimeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .followRedirects(HttpClient.Redirect.NEVER).build();

    B2Downloads(B2StorageClient client, B2Settings settings) {
        this.client = client;
        this.bucket = settings.bucket();
        this.requestTimeout = settings.requestTimeout();
    }

    BlobInputStream open(String key, ByteRange range) throws B2Exception, IOException, InterruptedException {
        HttpResponse<InputStream> resp = send(key, range);
        if (resp.statusCode() == 401) {
            resp.body().close();
            client.invalidateAccountAuthorization(); // expired token: authorize again once
            resp = send(key, range);
        }
        if (resp.statusCode() != 200 && resp.statusCode() != 206) {
            throw failure(resp);
        }
        return new BlobInputStream(timed(resp.body()), info(key, resp.headers()), range);
    }

    private HttpResponse<InputStream> send(String key, ByteRange range)
            throws B2Exception, IOException, InterruptedException {
        B2AccountAuthorization auth = client.getAccountAuthorization();
        String url = client.getDownloadByNameUrl(B2DownloadByNameRequest.builder(bucket, key).build());
        URI uri = URI.create(url);
        HttpRequest.Builder req = HttpRequest.newBuilder(uri).GET().timeout(requestTimeout)
                .header("Authorization", auth.getAuthorizationToken());
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            // Over plain HTTP the JDK client would try an h2c upgrade, and concurrent downloads on an upgrading
            // connection were seen reading an HTTP/1.1 answer as HTTP/2 frames ("Frame type(3) ... exceeds
            // MAX_FRAME_SIZE"). B2 itself is HTTPS, where HTTP/2 is negotiated properly.
            req.version(HttpClient.Version.HTTP_1_1);
        }
        if (range != null) {
            req.header("Range", range.toHttpHeader());
        }
        return http.send(req.build(), HttpResponse.BodyHandlers.ofInputStream());
    }

    private InputStream timed(InputStream body) {
        return new StallTimeoutInputStream(body, requestTimeout, "requestTimeout");
    }

    private B2Exception failure(HttpResponse<InputStream> resp) throws IOException {
        String body;
        try (InputStream in = timed(resp.body())) {
            body = new String(in.readNBytes(64 * 1024), StandardCharsets.UTF_8);
        }
        String code = "unknown";
        String message = "HTTP " + resp.statusCode();
        Matcher m = JSON_FIELD.matcher(body);
        while (m.find()) {
            if (m.group(1).equals("code")) {
                code = m.group(2);
            } else {
                message = m.group(2);
            }
        }
        Integer retryAfter = resp.headers().firstValue("Retry-After").map(B2Downloads::seconds).orElse(null);
        return new B2Exception(code, resp.statusCode(), retryAfter, message);
    }

    private static Integer seconds(String v) {
        try {
            return Integer.valueOf(v.strip());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static BlobInfo info(String key, HttpHeaders h) {
        long size = h.firstValueAsLong("Content-Length").orElse(0);
        String contentRange = h.firstValue("Content-Range").orElse(null);
        if (contentRange != null && contentRange.contains("/")) {
            size = Long.parseLong(contentRange.substring(contentRange.lastIndexOf('/') + 1).strip());
        }
        Map<String, String> meta = new TreeMap<>();
        h.map().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith("x-bz-info-") && !values.isEmpty()) {
                String k = n.substring("x-bz-info-".length());
                if (!k.startsWith("b2-") && !k.equals("large_file_sha1") && !k.equals("src_last_modified_millis")) {
                    meta.put(k, URLDecoder.decode(values.get(0).replace("+", "%2B"), StandardCharsets.UTF_8));
                }
            }
        });
        Instant modified = h.firstValue("X-Bz-Upload-Timestamp").map(v -> Instant.ofEpochMilli(Long.parseLong(v)))
                .orElse(null);
        return BlobInfo.builder(key).size(size).etag(h.firstValue("x-bz-file-id").orElse(null))
                .lastModified(modified).contentType(h.firstValue("Content-Type").orElse(null))
                .cacheControl(h.firstValue("Cache-Control").orElse(null)).userMetadata(meta)
                .digests(B2Driver.sha1(h.firstValue("X-Bz-Content-Sha1").orElse(null))).build();
    }
}
