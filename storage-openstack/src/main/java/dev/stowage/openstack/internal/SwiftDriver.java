package dev.stowage.openstack.internal;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import dev.stowage.ETag;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.PublicUrlMapper;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.Errors;
import dev.stowage.spi.ListPage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import org.openstack4j.api.OSClient;
import org.openstack4j.openstack.OSFactory;

/**
 * A Swift container. Content of unknown length longer than one segment becomes a static large object: segments in
 * the segment container (never listed with the store's objects) and a manifest under the key; segments already
 * written are deleted when the write fails. TempURL signs URLs when a key is configured. Thread-safe.
 */
public final class SwiftDriver implements BlobStoreDriver {
    private static final String META = "x-object-meta-";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final SwiftHttp http;
    private final SwiftSettings settings;
    private final KeystoneAuth auth;
    private volatile boolean segmentContainerReady;

    private SwiftDriver(SwiftHttp http, SwiftSettings settings, KeystoneAuth auth) {
        this.http = http;
        this.settings = settings;
        this.auth = auth;
    }

    /** Authenticates and checks that the container exists, so a wrong name fails at open with a clear message. */
    public static SwiftDriver open(KeystoneAuth auth, SwiftSettings settings) throws Exception {
        SwiftHttp http = new SwiftHttp(auth, settings);
        URI containerUrl = http.url(settings.container(), null, null);
        HttpResponse<String> resp = http.send(b -> b.uri(containerUrl).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString(), true);
        if (resp.statusCode() == 404) {
            throw StorageException.builder(ErrorCode.MISCONFIGURED, "container '" + settings.container()
                    + "' does not exist in " + http.session().storageUrl()).operation(Operation.OPEN)
                    .hint("create it (swift post " + settings.container() + ") or check the container name and "
                            + "region").build();
        }
        if (resp.statusCode() / 100 != 2) {
            throw http.failure(resp, "HEAD container").toBuilder().operation(Operation.OPEN).build();
        }
        return new SwiftDriver(http, settings, auth);
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).signedUrl(settings.tempUrlKey() != null)
                .multipartUpload(true).userMetadata(true).contentType(true).cacheControl(true)
                .digests(DigestAlgorithm.MD5).build();
    }

    /**
     * MD5: the ETag of an object written by one PUT is its content's MD5. An unknown length is hashed too, since
     * most such uploads fit one segment and go as one PUT; a large object's segments are checked here one by one.
     */
    @Override
    public Set<DigestAlgorithm> putDigests(long length) {
        return Set.of(DigestAlgorithm.MD5);
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        long length = content.length();
        try (InputStream in = content.open()) {
            if (length >= 0 && length <= 5L * 1024 * 1024 * 1024) {
                return putSingle(key, in, length, options, content.isRepeatable());
            }
            byte[] first = in.readNBytes(settings.segmentSize());
            if (first.length < settings.segmentSize()) {
                return putSingle(key, new ByteArrayInputStream(first), first.length, options, true);
            }
            return putLarge(key, first, in, options);
        }
    }

    private BlobInfo putSingle(String key, InputStream in, long length, PutOptions options, boolean resendable)
            throws Exception {
        HttpRequest.BodyPublisher body = length == 0 ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.fromPublisher(HttpRequest.BodyPublishers.ofInputStream(() -> in), length);
        HttpResponse<String> resp = http.sendLengthy(b -> headers(b.uri(object(key, null)), options).PUT(body),
                HttpResponse.BodyHandlers.ofString(), false);
        // 202: a concurrent write with a later timestamp won; this one was accepted and superseded, as in any race.
        if (resp.statusCode() != 201 && resp.statusCode() != 202) {
            throw http.failure(resp, "PUT object");
        }
        String etag = ETag.normalize(resp.headers().firstValue("ETag").orElse(null));
        return written(key, length, etag, options).withDigests(md5Etag(etag));
    }

    /** The MD5 an ETag of a plain object stands for (a large object's ETag digests its segments' ETags instead). */
    private static Digests md5Etag(String etag) {
        return etag != null && etag.matches("[0-9a-fA-F]{32}") ? Digests.of(DigestAlgorithm.MD5, etag)
                : Digests.none();
    }

    private BlobInfo putLarge(String key, byte[] first, InputStream in, PutOptions options) throws Exception {
        ensureSegmentContainer();
        String prefix = key + "/" + UUID.randomUUID() + "/";
        List<String> written = new ArrayList<>();
        try {
            ArrayNode manifest = JSON.createArrayNode();
            long total = 0;
            byte[] segment = first;
            while (segment.length > 0) {
                String name = prefix + String.format("%08d", written.size());
                byte[] body = segment;
                HttpResponse<String> resp = http.sendLengthy(b -> b.uri(segmentUri(name))
                        .PUT(HttpRequest.BodyPublishers.ofByteArray(body)), HttpResponse.BodyHandlers.ofString(), true);
                if (resp.statusCode() != 201) {
                    throw http.failure(resp, "PUT segment");
                }
                written.add(name);
                String etag = ETag.normalize(resp.headers().firstValue("ETag").orElse(null));
                String sent = DigestAlgorithm.MD5.hex(body, 0, body.length);
                if (!sent.equalsIgnoreCase(String.valueOf(etag))) {
                    throw StorageException.builder(ErrorCode.CORRUPT_DATA, "the server reports MD5 " + etag
                                    + " for segment " + written.size() + " it stored, the " + body.length
                                    + " bytes sent have MD5 " + sent + "; nothing was kept")
                            .retryable(false).hint("the server does not store the bytes it is sent").build();
                }
                manifest.addObject().put("path", "/" + settings.segmentContainer() + "/" + name)
                        .put("etag", etag)
                        .put("size_bytes", body.length);
                total += body.length;
                segment = in.readNBytes(settings.segmentSize());
            }
            byte[] json = JSON.writeValueAsBytes(manifest);
            HttpResponse<String> resp = http.sendLengthy(b -> headers(b.uri(object(key, "multipart-manifest=put")),
                    options).PUT(HttpRequest.BodyPublishers.ofByteArray(json)), HttpResponse.BodyHandlers.ofString(),
                    true);
            if (resp.statusCode() != 201) {
                throw http.failure(resp, "PUT large-object manifest");
            }
            return written(key, total, resp.headers().firstValue("ETag").orElse(null), options);
        } catch (Exception | Error e) {
            for (String name : written) {
                try {
                    http.send(b -> b.uri(segmentUri(name)).DELETE(), HttpResponse.BodyHandlers.discarding(), true);
                } catch (Exception cleanupFailed) {
                    e.addSuppressed(cleanupFailed);
                }
            }
            throw e;
        }
    }

    private URI segmentUri(String name) {
        try {
            return http.url(settings.segmentContainer(), name, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private void ensureSegmentContainer() throws Exception {
        if (segmentContainerReady) {
            return;
        }
        HttpResponse<String> resp = http.send(b -> b.uri(segmentContainerUri()).PUT(
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString(), true);
        if (resp.statusCode() != 201 && resp.statusCode() != 202) {
            throw http.failure(resp, "PUT segment container '" + settings.segmentContainer() + "'");
        }
        segmentContainerReady = true;
    }

    private URI segmentContainerUri() {
        try {
            return http.url(settings.segmentContainer(), null, null);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static HttpRequest.Builder headers(HttpRequest.Builder b, PutOptions options) {
        if (options.contentType() != null) {
            b.header("Content-Type", options.contentType());
        }
        if (options.cacheControl() != null) {
            b.header("Cache-Control", options.cacheControl());
        }
        if (options.ifNoneMatch() != null) {
            b.header("If-None-Match", "*");
        }
        options.metadata().forEach((k, v) -> b.header("X-Object-Meta-" + k, v));
        return b;
    }

    private static BlobInfo written(String key, long size, String etag, PutOptions options) {
        return BlobInfo.builder(key).size(size).etag(etag).contentType(options.contentType())
                .cacheControl(options.cacheControl()).userMetadata(options.metadata()).build();
    }

    URI object(String key, String query) {
        try {
            return http.url(settings.container(), key, query);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) throws Exception {
        HttpResponse<InputStream> resp = fetch(key, range);
        if (resp.statusCode() == 404) {
            SwiftHttp.discard(resp);
            throw StorageException.of(ErrorCode.NOT_FOUND, "no object under this key");
        }
        if (resp.statusCode() == 416) {
            SwiftHttp.discard(resp);
            throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, "range " + range + " is not satisfiable")
                    .hint("the range starts at or past the end of the object").build();
        }
        if (resp.statusCode() != 200 && resp.statusCode() != 206) {
            throw http.failure(resp, "GET object");
        }
        return new BlobInputStream(http.timed(resp.body()), info(key, resp.headers()), range);
    }

    private HttpResponse<InputStream> fetch(String key, ByteRange range) throws Exception {
        return http.send(b -> {
            b.uri(object(key, null)).GET();
            if (range != null) {
                b.header("Range", range.toHttpHeader());
            }
            return b;
        }, HttpResponse.BodyHandlers.ofInputStream(), true);
    }

    @Override
    public BlobInfo stat(String key) throws Exception {
        HttpResponse<String> resp = http.send(b -> b.uri(object(key, null)).method("HEAD",
                HttpRequest.BodyPublishers.noBody()), HttpResponse.BodyHandlers.ofString(), true);
        if (resp.statusCode() == 404) {
            throw StorageException.of(ErrorCode.NOT_FOUND, "no object under this key");
        }
        if (resp.statusCode() / 100 != 2) {
            throw http.failure(resp, "HEAD object");
        }
        return info(key, resp.headers());
    }

    private static BlobInfo info(String key, HttpHeaders h) {
        long size = h.firstValueAsLong("Content-Length").orElse(0);
        String range = h.firstValue("Content-Range").orElse(null);
        if (range != null && range.contains("/")) {
            size = Long.parseLong(range.substring(range.lastIndexOf('/') + 1).strip());
        }
        Map<String, String> meta = new TreeMap<>();
        h.map().forEach((name, values) -> {
            String n = name.toLowerCase(Locale.ROOT);
            if (n.startsWith(META) && !values.isEmpty()) {
                meta.put(n.substring(META.length()), values.get(0));
            }
        });
        Instant modified = h.firstValue("Last-Modified").map(v -> ZonedDateTime.parse(v,
                DateTimeFormatter.RFC_1123_DATE_TIME).toInstant()).orElse(null);
        String etag = ETag.normalize(h.firstValue("ETag").orElse(null));
        boolean large = h.firstValue("X-Static-Large-Object").isPresent() || h.firstValue("X-Object-Manifest")
                .isPresent();
        return BlobInfo.builder(key).size(size).etag(etag)
                .lastModified(modified).contentType(h.firstValue("Content-Type").orElse(null))
                .cacheControl(h.firstValue("Cache-Control").orElse(null)).userMetadata(meta)
                .digests(large ? Digests.none() : md5Etag(etag)).build();
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) throws Exception {
        StringBuilder q = new StringBuilder("format=json&limit=").append(options.pageSize());
        if (!options.prefix().isEmpty()) {
            q.append("&prefix=").append(enc(options.prefix()));
        }
        if (options.delimiter() != null) {
            q.append("&delimiter=").append(enc(options.delimiter()));
        }
        String marker = pageToken != null ? pageToken : options.startAfter();
        if (marker != null) {
            q.append("&marker=").append(enc(marker));
        }
        URI listing = http.url(settings.container(), null, q.toString());
        HttpResponse<InputStream> resp = http.send(b -> b.uri(listing).GET(),
                HttpResponse.BodyHandlers.ofInputStream(), true);
        if (resp.statusCode() == 204) {
            SwiftHttp.discard(resp);
            return new ListPage(List.of(), null);
        }
        if (resp.statusCode() != 200) {
            throw http.failure(resp, "GET container listing");
        }
        byte[] body;
        try (InputStream in = http.timed(resp.body())) {
            body = in.readAllBytes(); // one page, at most pageSize entries
        }
        List<ListEntry> entries = new ArrayList<>();
        String last = null;
        for (JsonNode n : JSON.readTree(body)) {
            if (n.has("subdir")) {
                last = n.get("subdir").asText();
                entries.add(ListEntry.ofPrefix(last));
            } else {
                last = n.get("name").asText();
                String modified = n.path("last_modified").asText(null);
                entries.add(ListEntry.ofBlob(BlobInfo.builder(last).size(n.path("bytes").asLong())
                        .etag(n.path("hash").asText(null)).contentType(n.path("content_type").asText(null))
                        .lastModified(modified == null ? null : Instant.parse(modified.endsWith("Z") ? modified
                                : modified + "Z")).build()));
            }
        }
        return new ListPage(entries, entries.size() < options.pageSize() ? null : last);
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Override
    public void delete(String key) throws Exception {
        // multipart-manifest=delete removes a large object's manifest and its segments; for any other object Swift
        // answers 200 with "Not an SLO manifest" in the body and deletes nothing, so a plain DELETE follows.
        HttpResponse<String> resp = http.sendLengthy(b -> b.uri(object(key, "multipart-manifest=delete"))
                .header("Accept", "application/json").DELETE(), HttpResponse.BodyHandlers.ofString(), true);
        if (resp.statusCode() / 100 == 2 && !resp.body().contains("Not an SLO manifest")) {
            return;
        }
        if (resp.statusCode() / 100 != 2 && resp.statusCode() != 400) {
            throw http.failure(resp, "DELETE large object");
        }
        resp = http.send(b -> b.uri(object(key, null)).DELETE(), HttpResponse.BodyHandlers.ofString(), true);
        if (resp.statusCode() / 100 != 2 && resp.statusCode() != 404) {
            throw http.failure(resp, "DELETE object");
        }
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) throws Exception {
        String source = "/" + PublicUrlMapper.encodeSegment(settings.container()) + "/"
                + PublicUrlMapper.encodePath(sourceKey);
        HttpResponse<String> resp = http.sendLengthy(b -> b.uri(object(targetKey, null))
                .header("X-Copy-From", source).PUT(HttpRequest.BodyPublishers.noBody()),
                HttpResponse.BodyHandlers.ofString(), true);
        if (resp.statusCode() == 404) {
            throw StorageException.of(ErrorCode.NOT_FOUND, "no object under the source key");
        }
        if (resp.statusCode() != 201) {
            throw http.failure(resp, "PUT with X-Copy-From");
        }
        return stat(targetKey);
    }

    /** A TempURL (HMAC-SHA256 over method, expiry and the object's path, as Swift's tempurl middleware checks it). */
    @Override
    public URI signedUrl(String key, SignedUrlOptions options) throws Exception {
        URI url = object(key, null);
        long expires = Instant.now().plus(options.expiry()).getEpochSecond();
        String path = http.session().storageUrl().getPath() + "/" + settings.container() + "/" + key;
        String body = options.method().name() + "\n" + expires + "\n" + path;
        javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
        mac.init(new javax.crypto.spec.SecretKeySpec(settings.tempUrlKey().getBytes(StandardCharsets.UTF_8),
                "HmacSHA256"));
        String sig = java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
        return URI.create(url + "?temp_url_sig=" + sig + "&temp_url_expires=" + expires);
    }

    /** The container's URL: what a browser fetches when the container is public (X-Container-Read: .r:*). */
    @Override
    public Optional<URI> defaultPublicBase() {
        try {
            return Optional.of(URI.create(http.session().storageUrl() + "/"
                    + PublicUrlMapper.encodeSegment(settings.container()) + "/"));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    @Override
    public StorageException translate(Operation operation, String key, Throwable failure) {
        if (failure instanceof StorageException se) {
            return se;
        }
        if (failure instanceof IllegalStateException ise && ise.getCause() instanceof StorageException se) {
            return se;
        }
        if (failure instanceof HttpTimeoutException || failure instanceof SocketTimeoutException) {
            // the wait for a response (the JDK client) or for a body's next bytes
            return Errors.timedOut(failure, "Swift", "requestTimeout");
        }
        if (failure instanceof org.openstack4j.api.exceptions.ResponseException re) {
            return StorageException.builder(Errors.forHttpStatus(re.getStatus()), "OpenStack: " + re.getMessage())
                    .hint("authenticating as " + auth.describe()).cause(re).build();
        }
        return Errors.classify(failure);
    }

    /**
     * Reaches an OpenStack4j client for the same token, bound to the calling thread: OpenStack4j keeps its session in
     * a thread-local, so each thread gets its own through {@link OSFactory#clientFromToken}.
     */
    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        try {
            KeystoneSession s = http.session();
            if (type == OSClient.OSClientV3.class && s.token() != null) {
                return Optional.of(type.cast(OSFactory.clientFromToken(s.token())));
            }
        } catch (Exception e) {
            return Optional.empty();
        }
        return BlobStoreDriver.super.unwrap(type);
    }

    @Override
    public void close() {
        // the JDK client holds no resources that outlive its connections' idle timeout
    }
}
