package dev.stowage.gateway.internal;

import dev.stowage.gateway.UrlSigner;
import dev.stowage.transform.Transform;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's one request path: parse the request once, resolve it to a typed plan (an original, or a variant
 * of one source version), and answer. Servers call {@link #answer} first under {@link Policy#NO_IO} on their
 * network thread, then, if that gives up, under {@link Policy#BLOCKING} on a worker: the same function, not a copy.
 * Thread-safe.
 */
public final class RequestFlow {
    private static final Logger LOG = LoggerFactory.getLogger("dev.stowage.gateway");
    private static final int ATTEMPTS = 3;
    /** Memories of parsed requests and planned variants larger than this are dropped whole. */
    private static final int MAX_MEMORIZED = 10_000;

    private final Sources sources;
    private final VariantCache variants;
    private final Transformer transformer;
    /** The image engine's name and version, for /health. */
    private final String engine;
    private final GatewayMetrics metrics;
    private final UrlSigner signer;
    private final Originals originals;
    private final Common common;
    private final String adminToken;
    private final boolean metricsEnabled;
    private final long maxOutputPixels;
    // Parsing and planning are pure functions of the raw request (and the source version), so repeated requests
    // for a hot image reuse them instead of parsing, digesting and formatting again.
    private final java.util.concurrent.ConcurrentHashMap<String, ImageRequest> parsed =
            new java.util.concurrent.ConcurrentHashMap<>();
    private final java.util.concurrent.ConcurrentHashMap<String, Planned> planned =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** A variant plan with the headers it implies and its cache key, for one raw request and Accept header. */
    private static final class Planned {
        final VariantPlan plan;
        final Map<String, String> headers;
        final String cacheKey;
        /** The complete headers of a 200 for the variant last served from memory, reused while it is the same. */
        volatile Hit hit;

        Planned(VariantPlan plan, Map<String, String> headers, String cacheKey) {
            this.plan = plan;
            this.headers = headers;
            this.cacheKey = cacheKey;
        }
    }

    private record Hit(VariantCache.Held held, Map<String, String> headers) {
    }

    /** Settings both kinds of answer share. */
    record Common(String cacheControl, String canonicalBase, int maxStreams) {
        void link(Map<String, String> h, String path) {
            if (canonicalBase != null) {
                h.put("Link", "<" + canonicalBase + path + ">; rel=\"canonical\"");
            }
        }
    }

    public RequestFlow(Sources sources, VariantCache variants, dev.stowage.transform.ImageTransformer transformer,
                       GatewayMetrics metrics, UrlSigner signer, Settings s) {
        this.sources = sources;
        this.variants = variants;
        this.metrics = metrics;
        this.signer = signer;
        this.transformer = new Transformer(sources, transformer, s.maxTransforms(), s.transformWait(),
                s.neverEnlarge(), metrics);
        String base = s.canonicalBase() == null ? null : s.canonicalBase().toString();
        this.common = new Common(s.cacheControl(), base != null && base.endsWith("/")
                ? base.substring(0, base.length() - 1) : base, s.maxStreams());
        this.originals = new Originals(sources, s.inlineTypes(), s.maxStreams(), common);
        this.adminToken = s.adminToken();
        this.metricsEnabled = s.metricsEnabled();
        metrics.bind(sources::stats, this.transformer::inFlight, originals::streaming, variants::memoryBytes,
                variants::storedBytes);
        metrics.bindTiers(variants::entries, variants::evictions, new GatewayMetrics.TierLimits(s.originalsMaxBytes(),
                s.originalsMaxAge().toSeconds(), variants.maxBytes(), s.variantsMaxAge().toSeconds()));
        this.maxOutputPixels = transformer.limits().maxOutputPixels();
        this.engine = transformer.engine().toString();
    }

    /** What the flow needs of the gateway's options. */
    public record Settings(String cacheControl, java.net.URI canonicalBase, int maxTransforms,
                           java.time.Duration transformWait, boolean neverEnlarge,
                           Map<String, java.util.Set<String>> inlineTypes, String adminToken, boolean metricsEnabled,
                           int maxStreams, long originalsMaxBytes, java.time.Duration originalsMaxAge,
                           java.time.Duration variantsMaxAge) {
    }

    /**
     * Answers a request, or returns {@code null} under {@link Policy#NO_IO} when answering needs I/O. Never throws:
     * failures become error answers, and every 5xx is logged once with its cause.
     */
    public Answer answer(Exchange ex, Policy policy) {
        Answer a;
        try {
            a = route(ex, policy);
        } catch (NeedsIo n) {
            return null;
        } catch (Throwable t) {
            a = error(ex, t);
        }
        metrics.request(a.status());
        return a;
    }

    private Answer route(Exchange ex, Policy policy) throws Exception {
        String method = ex.method();
        boolean head = "HEAD".equals(method);
        if (!head && !"GET".equals(method)) {
            Map<String, String> h = Headers.base();
            h.put("Allow", "GET, HEAD");
            return text(405, "only GET and HEAD are served", h);
        }
        String path = ex.path();
        if (path == null || path.equals("/") || path.equals("/favicon.ico")) {
            throw new HttpProblem(404, "not found; images are served at /{store}/{path}, "
                    + "/{store}/tr:w-300/{path} and /v1/ex/{store}/{path}?w=300");
        }
        if (path.equals("/health")) {
            return health(ex);
        }
        if (path.equals("/metrics")) {
            return metrics(ex, policy);
        }
        String raw = ex.query() == null ? path : path + "?" + ex.query();
        ImageRequest ir = parsed.get(raw);
        if (ir == null) {
            ir = ImageRequest.parse(path, ex.query(), sources::has);
            remember(parsed, raw, ir);
        }
        if (signer != null) {
            if (!signer.verify(ir.unsigned(), ir.signature())) {
                throw new HttpProblem(403, ir.signature() == null ? "this gateway serves signed URLs only: "
                        + "parameter 's' is missing" : "the signature (parameter 's') does not match the URL");
            }
            if (signer.expired(ir.expires())) {
                throw new HttpProblem(403, "this signed URL expired at "
                        + Instant.ofEpochSecond(ir.expires()) + " (parameter 'exp')");
            }
        }
        if (!sources.has(ir.source().store())) {
            throw new HttpProblem(404, "no store named '" + ir.source().store() + "' is served here");
        }
        if (ir.transform() == null) {
            return originals.answer(ex, ir, head, policy);
        }
        return variant(ex, ir, head, policy);
    }

    private Answer variant(Exchange ex, ImageRequest ir, boolean head, Policy policy) {
        Transform transform = ir.transform();
        VariantPlan.checkOutputSize(transform, maxOutputPixels);
        String accept = ex.header("Accept");
        String plannedKey = ir.unsigned() + "\u0000" + (accept == null ? "" : accept);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            Original source = sources.stat(ir.source(), policy);
            Planned p = planned.get(plannedKey);
            if (p == null || (p.plan.source() != source.info() && !p.plan.version().equals(source.version()))) {
                VariantPlan fresh = VariantPlan.of(ir.source(), source, transform, accept, maxOutputPixels);
                p = new Planned(fresh, variantHeaders(fresh, ir), fresh.cacheKey());
                remember(planned, plannedKey, p);
            }
            VariantPlan plan = p.plan;
            if (!head && ex.header("If-None-Match") == null && ex.header("If-Modified-Since") == null) {
                // The hottest path: a variant held in memory, asked for unconditionally.
                VariantCache.Held held = variants.peek(p.cacheKey);
                Hit hit = p.hit;
                if (held != null && hit != null && hit.held() == held) {
                    metrics.variant(true);
                    return new Answer(200, hit.headers(), new Body.Bytes(held.bytes()));
                }
            }
            Map<String, String> h = new java.util.LinkedHashMap<>(p.headers);
            if (Headers.notModified(ex, plan.etag(), plan.source().lastModified())) {
                return new Answer(304, h, Body.EMPTY);
            }
            String key = p.cacheKey;
            if (head) {
                // Everything a HEAD needs is in the plan; the transform runs only when the bytes are asked for.
                VariantCache.Held held = variants.peek(key);
                String type = held != null ? held.contentType() : plan.knownContentType();
                if (type != null) {
                    h.put("Content-Type", type);
                }
                if (held != null) {
                    h.put("Content-Length", Integer.toString(held.bytes().length));
                }
                return new Answer(200, h, Body.EMPTY);
            }
            if (policy == Policy.NO_IO) {
                VariantCache.Held held = variants.peek(key);
                NeedsIo.unless(held != null, policy);
                metrics.variant(true);
                h.put("Content-Type", held.contentType());
                h.put("Content-Length", Integer.toString(held.bytes().length));
                Map<String, String> shared = java.util.Collections.unmodifiableMap(h);
                p.hit = new Hit(held, shared);
                return new Answer(200, shared, new Body.Bytes(held.bytes()));
            }
            try {
                VariantCache.Found found = variants.get(key, plan.version(), () -> transformer.make(plan));
                metrics.variant(!found.made());
                h.put("Content-Type", found.contentType());
                h.put("Content-Length", Long.toString(found.length()));
                return new Answer(200, h, found.body());
            } catch (SourceChanged e) {
                // the source changed since it was planned: the ETag would lie about the bytes, so plan again
            }
        }
        throw new HttpProblem(503, "the source image keeps changing while it is transformed; try again");
    }

    private static <V> void remember(java.util.concurrent.ConcurrentHashMap<String, V> memory, String key, V value) {
        if (memory.size() >= MAX_MEMORIZED) {
            memory.clear();
        }
        memory.put(key, value);
    }

    private Map<String, String> variantHeaders(VariantPlan plan, ImageRequest ir) {
        Map<String, String> h = Headers.base();
        h.put("ETag", plan.etag());
        if (plan.source().lastModified() != null) {
            h.put("Last-Modified", Headers.httpDate(plan.source().lastModified()));
        }
        h.put("Cache-Control", common.cacheControl());
        if (plan.origin() != null) {
            h.put(Headers.ORIGIN, plan.origin());
        }
        if (plan.varyAccept()) {
            h.put("Vary", "Accept");
        }
        common.link(h, "/v1/ex/" + Headers.encodePath(ir.source().store()) + "/"
                + Headers.encodePath(ir.source().key()) + "?" + ir.transform().canonical());
        return h;
    }

    private Answer health(Exchange ex) {
        String json = "{\"status\":\"ok\"";
        if (metricsEnabled && authorized(ex)) {
            json += ",\"stores\":[" + sources.names().stream()
                    .map(n -> "\"" + n.replace("\\", "\\\\").replace("\"", "\\\"") + "\"")
                    .collect(Collectors.joining(",")) + "],\"uptimeSeconds\":" + metrics.uptimeSeconds()
                    + ",\"engine\":\"" + engine.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        return send(200, "application/json", json + "}\n", Headers.base());
    }

    private Answer metrics(Exchange ex, Policy policy) {
        if (!metricsEnabled) {
            throw new HttpProblem(404, "metrics are turned off on this gateway");
        }
        if (!authorized(ex)) {
            Map<String, String> h = Headers.base();
            h.put("WWW-Authenticate", "Bearer realm=\"stowage\"");
            return text(401, "/metrics needs the admin token: send Authorization: Bearer <token>", h);
        }
        NeedsIo.unless(false, policy); // rendering walks every counter: cheap, but not for a network thread
        return send(200, "text/plain; version=0.0.4; charset=utf-8",
                metrics.render(), Headers.base());
    }

    private boolean authorized(Exchange ex) {
        if (adminToken == null) {
            return true;
        }
        String auth = ex.header("Authorization");
        String given = auth != null && auth.regionMatches(true, 0, "Bearer ", 0, 7) ? auth.substring(7).trim() : "";
        return MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                adminToken.getBytes(StandardCharsets.UTF_8));
    }

    private Answer error(Exchange ex, Throwable t) {
        HttpProblem p = HttpProblem.of(t);
        if (p.status() >= 500) {
            // One line per server error with its cause, so an operator sees a store outage or memory exhaustion;
            // only the path (never the query, which may carry a signature) is logged.
            String line = ex.method() + " " + shorten(ex.path()) + " answered " + p.status() + ": " + causes(t);
            if (t instanceof Error) {
                LOG.error(line);
            } else {
                LOG.warn(line);
            }
        }
        Map<String, String> h = Headers.base();
        if (p.status() == 503) {
            h.put("Retry-After", "1");
        }
        return text(p.status(), p.getMessage(), h);
    }

    private static String causes(Throwable t) {
        StringBuilder out = new StringBuilder();
        int depth = 0;
        for (Throwable c = t; c != null && depth < 4; c = c.getCause(), depth++) {
            if (depth > 0) {
                out.append(" <- ");
            }
            out.append(c.getClass().getName());
            if (c instanceof dev.stowage.StorageException se) {
                // The code, operation and key say what failed; a store's detail text is not trusted to be free of
                // secrets, so it stays out of the log (the native cause's class follows).
                out.append(": ").append(se.code()).append(se.retryable() ? " (retryable)" : "");
                if (se.operation() != null) {
                    out.append(" on ").append(se.operation());
                }
                if (se.key() != null) {
                    out.append(" of '").append(shorten(se.key())).append("'");
                }
            } else if (c.getMessage() != null) {
                out.append(": ").append(shorten(c.getMessage()));
            }
        }
        return out.toString();
    }

    private static String shorten(String s) {
        return s == null ? "" : s.length() <= 200 ? s : s.substring(0, 200) + "...";
    }

    static Answer text(int status, String message, Map<String, String> h) {
        return send(status, "text/plain; charset=utf-8", message + "\n", h);
    }

    private static Answer send(int status, String type, String body, Map<String, String> h) {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        h.put("Content-Type", type);
        h.put("Content-Length", Integer.toString(bytes.length));
        h.put("Cache-Control", "no-store");
        return new Answer(status, h, new Body.Bytes(bytes));
    }

    /** Transforms performed since start. */
    public long transforms() {
        return metrics.transforms();
    }
}
