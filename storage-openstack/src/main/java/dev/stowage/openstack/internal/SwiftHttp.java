package dev.stowage.openstack.internal;

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
import java.util.function.UnaryOperator;

/**
 * Swift's REST API over the JDK HTTP client with the session's token. A 401 fetches a new token once and sends the
 * request again. Thread-safe: the session is replaced atomically under a lock and read without one.
 *
 * <p>{@code requestTimeout} bounds the wait for response headers ({@link HttpRequest#timeout}) and, through
 * {@link #timed}, each read of a body. The JDK's timeout runs from the start of the exchange, so it would also cut
 * short the sending of a large body, or Swift's work before it answers a copy or a large-object manifest: those go
 * through {@link #sendLengthy} without it.
 */
final class SwiftHttp {
    private final KeystoneAuth auth;
    private final SwiftSettings settings;
    /**
     * HTTP/1.1, which Swift's proxy speaks: over plain HTTP the JDK client would otherwise try an h2c upgrade, and
     * concurrent requests on an upgrading connection have been seen reading an HTTP/1.1 answer as HTTP/2 frames.
     */
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
            .version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER).build();
    private volatile KeystoneSession session;

    SwiftHttp(KeystoneAuth auth, SwiftSettings settings) throws Exception {
        this.auth = auth;
        this.settings = settings;
        this.session = auth.authenticate(settings);
    }

    KeystoneSession session() throws Exception {
        KeystoneSession s = session;
        if (s.expiresSoon()) {
            s = renew(s);
        }
        return s;
    }

    private synchronized KeystoneSession renew(KeystoneSession stale) throws Exception {
        if (session == stale) {
            session = auth.authenticate(settings);
        }
        return session;
    }

    /** The URL of an object (or of the container when {@code key} is null) in a container, each segment encoded. */
    URI url(String container, String key, String query) throws Exception {
        StringBuilder sb = new StringBuilder(session().storageUrl().toString()).append('/')
                .append(PublicUrlMapper.encodeSegment(container));
        if (key != null) {
            sb.append('/').append(PublicUrlMapper.encodePath(key));
        }
        if (query != null) {
            sb.append('?').append(query);
        }
        return URI.create(sb.toString());
    }

    /**
     * Sends a request built for the current token, waiting at most {@code requestTimeout} for the response headers;
     * on 401 authenticates again and sends it once more (only when the body can be sent again).
     */
    <T> HttpResponse<T> send(UnaryOperator<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler,
                             boolean resendable) throws Exception {
        return send(request, handler, resendable, true);
    }

    /**
     * Sends a request that uploads an object's bytes, or that Swift answers only after work in proportion to an
     * object's size (a copy, a large object's manifest), without a bound on the wait for its response.
     */
    <T> HttpResponse<T> sendLengthy(UnaryOperator<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler,
                                    boolean resendable) throws Exception {
        return send(request, handler, resendable, false);
    }

    private <T> HttpResponse<T> send(UnaryOperator<HttpRequest.Builder> request, HttpResponse.BodyHandler<T> handler,
                                     boolean resendable, boolean bounded) throws Exception {
        KeystoneSession s = session();
        HttpResponse<T> resp = http.send(request(request, s, bounded), handler);
        if (resp.statusCode() == 401 && resendable) {
            discard(resp);
            s = renew(s);
            resp = http.send(request(request, s, bounded), handler);
        }
        return resp;
    }

    private HttpRequest request(UnaryOperator<HttpRequest.Builder> request, KeystoneSession s, boolean bounded) {
        HttpRequest.Builder b = HttpRequest.newBuilder().header("X-Auth-Token", s.tokenId());
        if (bounded) {
            b.timeout(settings.requestTimeout());
        }
        return request.apply(b).build();
    }

    /** A response body whose every read waits at most {@code requestTimeout} for data. */
    InputStream timed(InputStream body) {
        return new StallTimeoutInputStream(body, settings.requestTimeout(), "requestTimeout");
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

    /** A failure for an unexpected status, with Swift's short body as detail. */
    StorageException failure(HttpResponse<?> resp, String what) {
        String body = "";
        Object b = resp.body();
        try {
            if (b instanceof InputStream in) {
                try (InputStream timed = timed(in)) {
                    body = new String(timed.readNBytes(2048), StandardCharsets.UTF_8);
                }
            } else if (b instanceof String s) {
                body = s;
            } else if (b instanceof byte[] bytes) {
                body = new String(bytes, 0, Math.min(bytes.length, 2048), StandardCharsets.UTF_8);
            }
        } catch (IOException ignored) {
            // keep the status alone
        }
        String text = body.replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ").strip();
        int status = resp.statusCode();
        String detail = "Swift answered HTTP " + status + " to " + what + (text.isEmpty() ? "" : ": " + text);
        String trans = resp.headers().firstValue("X-Trans-Id").orElse(null);
        if (trans != null) {
            detail += " (transaction " + trans + ")";
        }
        ErrorCode code = switch (status) {
            case 498 -> ErrorCode.RATE_LIMITED;
            default -> Errors.forHttpStatus(status);
        };
        String hint = switch (status) {
            case 401 -> "the token was refused even after authenticating again (" + auth.describe() + ")";
            case 403 -> "the project's role lacks access to container '" + settings.container()
                    + "' (check its X-Container-Read / X-Container-Write ACLs)";
            case 413 -> "the object is larger than the cluster's max_file_size; lower segmentSize";
            case 429, 498 -> "Swift is rate-limiting this container; slow down or retry with backoff";
            default -> null;
        };
        return StorageException.builder(code, detail).hint(hint).build();
    }
}
