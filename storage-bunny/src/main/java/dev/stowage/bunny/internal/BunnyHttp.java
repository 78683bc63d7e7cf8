package dev.stowage.bunny.internal;

import dev.stowage.ErrorCode;
import dev.stowage.PublicUrlMapper;
import dev.stowage.StorageException;
import dev.stowage.spi.Errors;
import dev.stowage.spi.StallTimeoutInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

/**
 * The Edge Storage HTTP API over the JDK HTTP client: URLs of files and folders, the {@code AccessKey} header, and
 * the translation of error answers ({@code {"HttpCode": 404, "Message": "..."}}) into portable failures. The access
 * key is only ever put into the request header, never into a message. Thread-safe.
 *
 * <p>{@code requestTimeout} bounds the wait for response headers and, through {@link #timed}, each read of a body.
 * The JDK's timeout runs from the start of the exchange, so uploads are sent without it ({@link #sendUpload}): it
 * would cut short the sending of a large body.
 */
final class BunnyHttp {
    /** Answers read whole (listings, errors) are refused beyond this size: the server's answer is not trusted. */
    static final int MAX_JSON_BYTES = 64 * 1024 * 1024;

    private final BunnySettings settings;
    private final HttpClient http;

    BunnyHttp(BunnySettings settings) {
        this.settings = settings;
        // Over plain HTTP (test servers, a local gateway) the JDK client would try an h2c upgrade, and concurrent
        // requests on an upgrading connection were seen reading an HTTP/1.1 answer as HTTP/2 frames. Bunny itself is
        // HTTPS, where HTTP/2 is negotiated properly.
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                .version("http".equalsIgnoreCase(settings.endpoint().getScheme()) ? HttpClient.Version.HTTP_1_1
                        : HttpClient.Version.HTTP_2)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    /** The URL of a file ({@code key}) or, with a trailing '/', of a folder; "" is the zone's root folder. */
    URI url(String path) {
        return URI.create(settings.endpoint() + "/" + PublicUrlMapper.encodeSegment(settings.zone()) + "/"
                + (path.isEmpty() ? "" : PublicUrlMapper.encodePath(path)));
    }

    HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).header("AccessKey", settings.accessKey())
                .timeout(settings.requestTimeout());
    }

    <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws Exception {
        return http.send(request, handler);
    }

    /** Sends an upload, waiting for its answer without {@code requestTimeout} (see the class comment). */
    HttpResponse<String> sendUpload(URI uri, String checksumHex, HttpRequest.BodyPublisher body) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(uri).header("AccessKey", settings.accessKey())
                .header("Checksum", checksumHex).header("Content-Type", "application/octet-stream")
                .PUT(body).build();
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** A response body whose every read waits at most {@code requestTimeout} for data. */
    InputStream timed(InputStream body) {
        return new StallTimeoutInputStream(body, settings.requestTimeout(), "requestTimeout");
    }

    /** Reads a whole JSON answer, bounded in size and in the wait for each read. */
    String readText(HttpResponse<InputStream> resp) throws IOException {
        try (InputStream in = timed(resp.body())) {
            byte[] body = in.readNBytes(MAX_JSON_BYTES + 1);
            if (body.length > MAX_JSON_BYTES) {
                throw new IOException("Bunny Storage answered with more than " + MAX_JSON_BYTES + " bytes of JSON");
            }
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    static void discard(HttpResponse<?> resp) {
        if (resp.body() instanceof InputStream in) {
            try {
                in.close();
            } catch (IOException ignored) {
                // the response is being dropped anyway
            }
        }
    }

    /** The {@code Message} of an error answer, or its first characters when it is not Bunny's JSON. */
    String message(HttpResponse<?> resp) {
        String body = "";
        Object b = resp.body();
        try {
            if (b instanceof InputStream in) {
                try (InputStream timed = timed(in)) {
                    body = new String(timed.readNBytes(4096), StandardCharsets.UTF_8);
                }
            } else if (b instanceof String s) {
                body = s.length() > 4096 ? s.substring(0, 4096) : s;
            }
        } catch (IOException ignored) {
            // keep the status alone
        }
        try {
            if (Json.parse(body) instanceof Map<?, ?> m && m.get("Message") instanceof String msg) {
                return msg;
            }
        } catch (IllegalArgumentException notJson) {
            // fall through to the raw text
        }
        String text = body.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        return text.length() > 300 ? text.substring(0, 300) + "…" : text;
    }

    /** A failure for an unexpected status, with Bunny's message as detail. */
    StorageException failure(HttpResponse<?> resp, String what) {
        return failure(resp.statusCode(), message(resp), what);
    }

    StorageException failure(int status, String message, String what) {
        String detail = "Bunny Storage answered HTTP " + status + " to " + what
                + (message.isEmpty() ? "" : ": " + message);
        ErrorCode code = Errors.forHttpStatus(status);
        String hint = switch (status) {
            case 401 -> "check the storage zone password (accessKey, from the zone's FTP & API Access page; not the "
                    + "account API key), the zone name '" + settings.zone() + "' and its region (endpoint "
                    + settings.endpoint() + ")";
            case 403 -> "the storage zone password may be the read-only one; writes need the full password";
            case 429 -> "Bunny Storage is rate-limiting this zone; slow down or retry with backoff";
            default -> status >= 500 ? "Bunny Storage failed or is overloaded; try again" : null;
        };
        return StorageException.builder(code, detail).hint(hint).build();
    }
}
