package dev.stowage.cli.gateway;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.layer.CachedBlobStore;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Locale;
import java.util.stream.Collectors;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The gateway's HTTP semantics over Jetty's core handler API: routing, signatures, conditional and range requests,
 * caching headers and error statuses. Blocking; Jetty runs it on its worker threads.
 */
final class GatewayHandler extends Handler.Abstract {
    private static final HttpField VARY_ACCEPT = new HttpField(HttpHeader.VARY, "Accept");
    private static final HttpField ACCEPT_RANGES = new HttpField(HttpHeader.ACCEPT_RANGES, "bytes");
    private static final HttpField NOSNIFF = new HttpField("X-Content-Type-Options", "nosniff");
    /** Bodies up to this size are read whole and written at once; larger ones are streamed. */
    private static final long SINGLE_WRITE_BYTES = 256 * 1024;

    private final StoreRouter router;
    private final CachedBlobStore cache;
    private final ImagePipeline pipeline;
    private final GatewayMetrics metrics;
    private final UrlSigner signer;
    private final HttpField cacheControl;
    private final String canonicalBase;

    GatewayHandler(StoreRouter router, CachedBlobStore cache, ImagePipeline pipeline, GatewayMetrics metrics,
                   UrlSigner signer, String cacheControl, URI canonicalBase) {
        super(InvocationType.NON_BLOCKING);
        this.router = router;
        this.cache = cache;
        this.pipeline = pipeline;
        this.metrics = metrics;
        this.signer = signer;
        this.cacheControl = new HttpField(HttpHeader.CACHE_CONTROL, cacheControl);
        String base = canonicalBase == null ? null : canonicalBase.toString();
        this.canonicalBase = base != null && base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        // Jetty calls this on a network thread (the handler says it does not block): hot hits are answered here
        // from memory, everything that may block (stores, the cache folder, transforms) goes to a worker thread.
        if (serveHot(request, response, callback)) {
            return true;
        }
        request.getComponents().getThreadPool().execute(() -> handleBlocking(request, response, callback));
        return true;
    }

    private void handleBlocking(Request request, Response response, Callback callback) {
        try {
            route(request, response, callback);
        } catch (Throwable t) {
            if (response.isCommitted()) {
                metrics.request(response.getStatus());
                callback.failed(t); // the status line is gone: abort the connection so the client sees a short body
            } else {
                HttpProblem p = HttpProblem.of(t);
                response.getHeaders().clear();
                if (p.status() == 503) {
                    response.getHeaders().put(HttpHeader.RETRY_AFTER, "1");
                }
                text(request, response, callback, p.status(), p.getMessage());
            }
        }
    }

    /**
     * Answers a GET whose answer needs no I/O: a trusted cached original or variant held in memory, or a 304.
     * Returns false, having touched nothing, for anything else.
     */
    private boolean serveHot(Request request, Response response, Callback callback) {
        HttpFields.Mutable h = response.getHeaders();
        byte[] body;
        int status;
        try {
            String path = request.getHttpURI().getPath();
            if (!HttpMethod.GET.is(request.getMethod()) || path == null || path.length() < 2
                    || path.equals("/health") || path.equals("/metrics")
                    || request.getHeaders().contains(HttpHeader.RANGE)) {
                return false;
            }
            ImageRequest ir = ImageRequest.parse(path, request.getHttpURI().getQuery());
            if ((signer != null && !signer.verify(ir.unsigned(), ir.signature())) || !router.has(ir.store())) {
                return false;
            }
            String routed = StoreRouter.key(ir.store(), ir.key());
            BlobInfo source = cache.peekStat(routed);
            if (source == null) {
                return false;
            }
            BlobInputStream in;
            if (ir.transform() == null) {
                String etag = quote(source.etag());
                boolean notModified = notModified(request, etag, source.lastModified());
                in = notModified ? null : cache.peek(routed);
                if (!notModified && in == null) {
                    return false;
                }
                putOriginalHeaders(h, source, etag, ir);
            } else {
                ImagePipeline.Variant v = pipeline.plan(routed, source, ir.transform(),
                        request.getHeaders().get(HttpHeader.ACCEPT));
                boolean notModified = notModified(request, v.etag(), source.lastModified());
                in = notModified ? null : pipeline.peek(v);
                if (!notModified && in == null) {
                    return false;
                }
                putVariantHeaders(h, v, source, ir);
                if (in != null) {
                    h.put(HttpHeader.CONTENT_TYPE, in.info().contentType() == null ? "application/octet-stream"
                            : in.info().contentType());
                }
            }
            if (in == null) {
                h.remove(HttpHeader.CONTENT_TYPE);
                status = 304;
                body = null;
            } else {
                status = 200;
                try (InputStream held = in) {
                    body = held.readAllBytes(); // from memory
                }
                h.put(HttpHeader.CONTENT_LENGTH, body.length);
            }
        } catch (Exception e) {
            return false; // the blocking path answers it, including with the right error status
        }
        response.setStatus(status);
        metrics.request(status);
        response.write(true, body == null ? null : ByteBuffer.wrap(body), callback);
        return true;
    }

    private void route(Request request, Response response, Callback callback) throws Exception {
        String method = request.getMethod();
        boolean head = HttpMethod.HEAD.is(method);
        if (!head && !HttpMethod.GET.is(method)) {
            response.getHeaders().put(HttpHeader.ALLOW, "GET, HEAD");
            text(request, response, callback, 405, "only GET and HEAD are served");
            return;
        }
        String path = request.getHttpURI().getPath();
        String query = request.getHttpURI().getQuery();
        if (path == null || path.equals("/") || path.equals("/favicon.ico")) {
            throw new HttpProblem(404, "not found; images are served at /{store}/{path}, "
                    + "/{store}/tr:w-300/{path} and /v1/ex/{store}/{path}?w=300");
        }
        if (path.equals("/health")) {
            String json = "{\"status\":\"ok\",\"stores\":[" + router.names().stream()
                    .map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(",")) + "],\"uptimeSeconds\":" + metrics.uptimeSeconds() + "}\n";
            send(request, response, callback, 200, "application/json", json);
            return;
        }
        if (path.equals("/metrics")) {
            send(request, response, callback, 200, "text/plain; version=0.0.4; charset=utf-8",
                    metrics.render(cache.stats(), pipeline.inFlight()));
            return;
        }
        ImageRequest ir = ImageRequest.parse(path, query);
        if (signer != null && !signer.verify(ir.unsigned(), ir.signature())) {
            throw new HttpProblem(403, ir.signature() == null ? "this gateway serves signed URLs only: parameter "
                    + "'s' is missing" : "the signature (parameter 's') does not match the URL");
        }
        if (!router.has(ir.store())) {
            throw new HttpProblem(404, "no store named '" + ir.store() + "' is served here");
        }
        String routed = StoreRouter.key(ir.store(), ir.key());
        if (ir.transform() == null) {
            serveOriginal(request, response, callback, ir, routed, head);
        } else {
            serveVariant(request, response, callback, ir, routed, head);
        }
    }

    private void serveOriginal(Request request, Response response, Callback callback, ImageRequest ir,
                               String routed, boolean head) throws Exception {
        BlobInfo info = cache.stat(routed);
        String etag = quote(info.etag());
        HttpFields.Mutable h = response.getHeaders();
        putOriginalHeaders(h, info, etag, ir);
        if (notModified(request, etag, info.lastModified())) {
            h.remove(HttpHeader.CONTENT_TYPE);
            finish(request, response, callback, 304);
            return;
        }
        ByteRange range = null;
        String rangeHeader = request.getHeaders().get(HttpHeader.RANGE);
        if (rangeHeader != null && ifRangeHolds(request, etag)) {
            try {
                range = HttpRanges.parse(rangeHeader, info.size());
            } catch (HttpRanges.Unsatisfiable e) {
                h.put(HttpHeader.CONTENT_RANGE, "bytes */" + info.size());
                text(request, response, callback, 416, "range not satisfiable: the object has " + info.size()
                        + " bytes");
                return;
            }
        }
        long length = range == null ? info.size() : range.length();
        if (range != null) {
            h.put(HttpHeader.CONTENT_RANGE, "bytes " + range.offset() + "-" + (range.offset() + length - 1) + "/"
                    + info.size());
        }
        h.put(HttpHeader.CONTENT_LENGTH, length);
        int status = range == null ? 200 : 206;
        if (head) {
            finish(request, response, callback, status);
            return;
        }
        stream(response, callback, status, cache.get(routed, range));
    }

    private void serveVariant(Request request, Response response, Callback callback, ImageRequest ir, String routed,
                              boolean head) throws Exception {
        BlobInfo source = cache.stat(routed);
        ImagePipeline.Variant v = pipeline.plan(routed, source, ir.transform(), request.getHeaders()
                .get(HttpHeader.ACCEPT));
        HttpFields.Mutable h = response.getHeaders();
        putVariantHeaders(h, v, source, ir);
        if (notModified(request, v.etag(), source.lastModified())) {
            finish(request, response, callback, 304);
            return;
        }
        BlobInputStream in = pipeline.open(v);
        h.put(HttpHeader.CONTENT_TYPE, in.info().contentType() == null ? "application/octet-stream"
                : in.info().contentType());
        h.put(HttpHeader.CONTENT_LENGTH, in.contentLength());
        if (head) {
            in.close();
            finish(request, response, callback, 200);
            return;
        }
        stream(response, callback, 200, in);
    }

    private void stream(Response response, Callback callback, int status, BlobInputStream body) throws Exception {
        response.setStatus(status);
        if (body.contentLength() <= SINGLE_WRITE_BYTES) {
            // Headers and body leave in one write, and Jetty completes the callback without blocking a thread.
            byte[] bytes;
            try (InputStream in = body) {
                bytes = in.readAllBytes();
            }
            metrics.request(status);
            response.write(true, ByteBuffer.wrap(bytes), callback);
            return;
        }
        try (InputStream in = body; OutputStream out = Content.Sink.asOutputStream(response)) {
            in.transferTo(out);
        }
        metrics.request(status);
        callback.succeeded();
    }

    private void putOriginalHeaders(HttpFields.Mutable h, BlobInfo info, String etag, ImageRequest ir) {
        h.put(HttpHeader.CONTENT_TYPE, contentType(info));
        if (etag != null) {
            h.put(HttpHeader.ETAG, etag);
        }
        putLastModified(h, info.lastModified());
        h.put(cacheControl);
        h.put(ACCEPT_RANGES);
        h.put(NOSNIFF);
        link(h, "/" + encodePath(ir.store()) + "/" + encodePath(ir.key()));
    }

    private void putVariantHeaders(HttpFields.Mutable h, ImagePipeline.Variant v, BlobInfo source, ImageRequest ir) {
        h.put(HttpHeader.ETAG, v.etag());
        putLastModified(h, source.lastModified());
        h.put(cacheControl);
        h.put(NOSNIFF);
        if (v.varyAccept()) {
            h.put(VARY_ACCEPT);
        }
        link(h, "/v1/ex/" + encodePath(ir.store()) + "/" + encodePath(ir.key()) + "?" + ir.transform().canonical());
    }

    private boolean notModified(Request request, String etag, Instant lastModified) {
        String inm = request.getHeaders().get(HttpHeader.IF_NONE_MATCH);
        if (inm != null) {
            return etag != null && matches(inm, etag);
        }
        long ims = request.getHeaders().getDateField(HttpHeader.IF_MODIFIED_SINCE);
        return ims >= 0 && lastModified != null && lastModified.getEpochSecond() * 1000 <= ims;
    }

    private boolean ifRangeHolds(Request request, String etag) {
        String ifRange = request.getHeaders().get(HttpHeader.IF_RANGE);
        return ifRange == null || (etag != null && !ifRange.startsWith("W/") && ifRange.trim().equals(etag));
    }

    /** Weak comparison, as RFC 9110 prescribes for If-None-Match. */
    private static boolean matches(String ifNoneMatch, String etag) {
        String mine = etag.startsWith("W/") ? etag.substring(2) : etag;
        for (String candidate : ifNoneMatch.split(",")) {
            String c = candidate.trim();
            if (c.equals("*") || (c.startsWith("W/") ? c.substring(2) : c).equals(mine)) {
                return true;
            }
        }
        return false;
    }

    private void link(HttpFields.Mutable h, String path) {
        if (canonicalBase != null) {
            h.put(HttpHeader.LINK, "<" + canonicalBase + path + ">; rel=\"canonical\"");
        }
    }

    private static void putLastModified(HttpFields.Mutable h, Instant lastModified) {
        if (lastModified != null) {
            h.putDate(HttpHeader.LAST_MODIFIED, lastModified.toEpochMilli());
        }
    }

    private void finish(Request request, Response response, Callback callback, int status) {
        response.setStatus(status);
        metrics.request(status);
        response.write(true, null, callback);
    }

    private void text(Request request, Response response, Callback callback, int status, String message) {
        send(request, response, callback, status, "text/plain; charset=utf-8", message + "\n");
    }

    private void send(Request request, Response response, Callback callback, int status, String type, String body) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, type);
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        response.getHeaders().put(HttpHeader.CACHE_CONTROL, "no-store");
        metrics.request(status);
        boolean head = HttpMethod.HEAD.is(request.getMethod());
        response.write(true, head ? null : ByteBuffer.wrap(bytes), callback);
    }

    static String quote(String etag) {
        if (etag == null) {
            return null;
        }
        return etag.startsWith("\"") || etag.startsWith("W/\"") ? etag : "\"" + etag + "\"";
    }

    private static String contentType(BlobInfo info) {
        if (info.contentType() != null && !info.contentType().isBlank()) {
            return info.contentType();
        }
        String key = info.key();
        String ext = key.substring(key.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT);
        return switch (ext) {
            case "jpg", "jpeg" -> "image/jpeg";
            case "png" -> "image/png";
            case "gif" -> "image/gif";
            case "webp" -> "image/webp";
            case "avif" -> "image/avif";
            case "bmp" -> "image/bmp";
            case "svg" -> "image/svg+xml";
            case "ico" -> "image/x-icon";
            case "txt" -> "text/plain; charset=utf-8";
            case "json" -> "application/json";
            default -> "application/octet-stream";
        };
    }

    /** Percent-encodes a key for a URL path, keeping '/' and RFC 3986 unreserved characters. */
    static String encodePath(String key) {
        StringBuilder out = new StringBuilder(key.length() + 8);
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            boolean keep = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~' || c == '/';
            if (keep) {
                out.append((char) c);
            } else {
                out.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                        .append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return out.toString();
    }
}
