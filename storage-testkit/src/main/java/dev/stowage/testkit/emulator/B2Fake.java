package dev.stowage.testkit.emulator;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A stateful fake of the Backblaze B2 native API (v2) for one bucket, written to B2's published API reference:
 * b2_authorize_account, b2_list_buckets, b2_get_upload_url and uploads (X-Bz-File-Name, X-Bz-Content-Sha1 including
 * {@code hex_digits_at_end}, X-Bz-Info-*), b2_list_file_names (prefix, delimiter, startFileName, maxFileCount),
 * b2_list_file_versions, b2_delete_file_version, b2_hide_file, b2_copy_file, b2_start_large_file,
 * b2_get_upload_part_url, part uploads, b2_finish_large_file, b2_cancel_large_file, b2_get_download_authorization and
 * downloads by name (GET and HEAD, Range, Authorization header or query), with B2's JSON error bodies
 * ({@code status}, {@code code}, {@code message}). File versions are kept as B2 keeps them. It is not the real service.
 */
public final class B2Fake extends WireMockFake {
    private static final String API = "/b2api/v2/";
    private final String keyId;
    private final String key;
    private final String bucket;
    private final String bucketId = "4a48fe8875c6214145260818";
    private final String bucketType;
    private final String accountToken = "4_" + UUID.randomUUID();
    /** Every version of every name, oldest first per name. */
    private final TreeMap<String, List<Version>> files = new TreeMap<>(dev.stowage.spi.KeyOrder.UTF8);
    private final Map<String, Large> unfinished = new HashMap<>();
    private final Map<String, String> downloadTokens = new HashMap<>();
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());

    private record Version(String id, String name, String action, byte[] data, String contentType,
                           Map<String, String> info, long timestamp) {
    }

    private record Large(String id, String name, String contentType, Map<String, String> info,
                         Map<Integer, byte[]> parts) {
    }

    private B2Fake(String keyId, String key, String bucket, String bucketType) {
        this.keyId = keyId;
        this.key = key;
        this.bucket = bucket;
        this.bucketType = bucketType;
    }

    /** Starts a fake account holding one empty bucket of the given type ({@code allPrivate} or {@code allPublic}). */
    public static B2Fake start(String applicationKeyId, String applicationKey, String bucket, String bucketType) {
        return new B2Fake(applicationKeyId, applicationKey, bucket, bucketType);
    }

    /** Large files started and neither finished nor cancelled. */
    public synchronized int unfinishedLargeFiles() {
        return unfinished.size();
    }

    /** How many versions (uploads and hide markers) the bucket holds under a name. */
    public synchronized int versionCount(String name) {
        return files.getOrDefault(name, List.of()).size();
    }

    @Override
    protected synchronized ResponseDefinition handle(Request r) {
        String url = r.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        if (path.startsWith("/file/")) {
            return download(r, path, q < 0 ? "" : url.substring(q + 1));
        }
        if (!path.startsWith(API)) {
            return error(404, "not_found", "unknown path " + path);
        }
        String call = path.substring(API.length());
        if (call.equals("b2_authorize_account")) {
            return authorize(r);
        }
        if (call.startsWith("b2_upload_file/") || call.startsWith("b2_upload_part/")) {
            if (!accountToken.equals(r.getHeader("Authorization"))) {
                return error(401, "bad_auth_token", "Invalid authorization token");
            }
            return call.startsWith("b2_upload_file/") ? uploadFile(r) : uploadPart(r, call.substring(15));
        }
        if (!accountToken.equals(r.getHeader("Authorization"))) {
            return error(401, "bad_auth_token", "Invalid authorization token");
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> body = r.getBody().length == 0 ? Map.of() : Json.read(r.getBodyAsString(), Map.class);
        if (body.get("bucketId") != null && !bucketId.equals(body.get("bucketId"))) {
            return error(400, "bad_bucket_id", "Invalid bucketId: " + body.get("bucketId"));
        }
        return switch (call) {
            case "b2_list_buckets" -> listBuckets(body);
            case "b2_get_upload_url" -> json(Map.of("bucketId", bucketId, "uploadUrl", baseUrl() + API
                    + "b2_upload_file/" + bucketId, "authorizationToken", accountToken));
            case "b2_list_file_names" -> listNames(body);
            case "b2_list_file_versions" -> listVersions(body);
            case "b2_delete_file_version" -> deleteVersion(body);
            case "b2_hide_file" -> hide(body);
            case "b2_copy_file" -> copy(body);
            case "b2_start_large_file" -> startLarge(body);
            case "b2_get_upload_part_url" -> unfinished.containsKey((String) body.get("fileId"))
                    ? json(Map.of("fileId", body.get("fileId"), "uploadUrl", baseUrl() + API + "b2_upload_part/"
                    + body.get("fileId"), "authorizationToken", accountToken))
                    : error(400, "bad_request", "No active upload for: " + body.get("fileId"));
            case "b2_finish_large_file" -> finishLarge(body);
            case "b2_cancel_large_file" -> cancelLarge(body);
            case "b2_get_download_authorization" -> downloadAuthorization(body);
            default -> error(400, "bad_request", "unsupported call " + call);
        };
    }

    private ResponseDefinition authorize(Request r) {
        String expected = "Basic " + Base64.getEncoder().encodeToString(bytes(keyId + ":" + key));
        if (!expected.equals(r.getHeader("Authorization"))) {
            return error(401, "unauthorized", "The applicationKeyId and/or the applicationKey are wrong.");
        }
        Map<String, Object> allowed = new LinkedHashMap<>();
        allowed.put("bucketId", null);
        allowed.put("bucketName", null);
        allowed.put("capabilities", List.of("listBuckets", "listFiles", "readFiles", "shareFiles", "writeFiles",
                "deleteFiles"));
        allowed.put("namePrefix", null);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("absoluteMinimumPartSize", 5000000);
        out.put("accountId", "0022623512fc");
        out.put("allowed", allowed);
        out.put("apiUrl", baseUrl());
        out.put("authorizationToken", accountToken);
        out.put("downloadUrl", baseUrl());
        out.put("recommendedPartSize", 100000000);
        out.put("s3ApiUrl", baseUrl());
        return json(out);
    }

    private ResponseDefinition listBuckets(Map<String, Object> body) {
        Object name = body.get("bucketName");
        List<Object> buckets = new ArrayList<>();
        if (name == null || bucket.equals(name)) {
            Map<String, Object> b = new LinkedHashMap<>();
            b.put("accountId", "0022623512fc");
            b.put("bucketId", bucketId);
            b.put("bucketInfo", Map.of());
            b.put("bucketName", bucket);
            b.put("bucketType", bucketType);
            b.put("corsRules", List.of());
            b.put("lifecycleRules", List.of());
            b.put("options", List.of());
            b.put("revision", 1);
            b.put("defaultServerSideEncryption", Map.of("isClientAuthorizedToRead", true,
                    "value", new LinkedHashMap<>(Map.of("mode", "none"))));
            b.put("fileLockConfiguration", Map.of("isClientAuthorizedToRead", true, "value",
                    Map.of("defaultRetention", new LinkedHashMap<>(), "isFileLockEnabled", false)));
            b.put("replicationConfiguration", Map.of("isClientAuthorizedToRead", true, "value",
                    new LinkedHashMap<>()));
            buckets.add(b);
        }
        return json(Map.of("buckets", buckets));
    }

    private ResponseDefinition uploadFile(Request r) {
        byte[] data = content(r);
        if (data == null) {
            return error(400, "bad_request", "Checksum did not match data received");
        }
        String name = URLDecoder.decode(r.getHeader("X-Bz-File-Name"), StandardCharsets.UTF_8);
        if (badName(name) != null) {
            return error(400, "bad_request", badName(name));
        }
        Version v = add(name, "upload", data, r.getHeader("Content-Type"), infoHeaders(r));
        return json(version(v));
    }

    /** The body, with a trailing SHA-1 removed and checked when the client sent {@code hex_digits_at_end}. */
    private static byte[] content(Request r) {
        byte[] body = r.getBody();
        String sha1 = r.getHeader("X-Bz-Content-Sha1");
        if ("hex_digits_at_end".equals(sha1)) {
            byte[] data = java.util.Arrays.copyOf(body, body.length - 40);
            String given = new String(body, body.length - 40, 40, StandardCharsets.US_ASCII);
            return StoredObject.sha1Hex(data).equalsIgnoreCase(given) ? data : null;
        }
        if (sha1 != null && !sha1.equals("do_not_verify") && !StoredObject.sha1Hex(body).equalsIgnoreCase(sha1)) {
            return null;
        }
        return body;
    }

    private static Map<String, String> infoHeaders(Request r) {
        Map<String, String> info = new TreeMap<>();
        for (HttpHeader h : r.getHeaders().all()) {
            String n = h.key().toLowerCase(Locale.ROOT);
            if (n.startsWith("x-bz-info-")) {
                info.put(n.substring(10), URLDecoder.decode(h.firstValue(), StandardCharsets.UTF_8));
            }
        }
        return info;
    }

    private Version add(String name, String action, byte[] data, String contentType, Map<String, String> info) {
        String type = contentType == null || contentType.equals("b2/x-auto") ? "application/octet-stream"
                : contentType;
        Version v = new Version("4_z" + bucketId + "_f" + UUID.randomUUID().toString().replace("-", ""), name,
                action, data, type, Map.copyOf(info), clock.incrementAndGet());
        files.computeIfAbsent(name, n -> new ArrayList<>()).add(v);
        return v;
    }

    private Map<String, Object> version(Version v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accountId", "0022623512fc");
        m.put("action", v.action());
        m.put("bucketId", bucketId);
        m.put("contentLength", v.data().length);
        m.put("contentMd5", v.action().equals("upload") ? StoredObject.md5Hex(v.data()) : null);
        m.put("contentSha1", v.action().equals("upload") ? StoredObject.sha1Hex(v.data()) : "none");
        m.put("contentType", v.contentType());
        m.put("fileId", v.id());
        m.put("fileInfo", v.info());
        m.put("fileName", v.name());
        m.put("uploadTimestamp", v.timestamp());
        m.put("fileRetention", Map.of("isClientAuthorizedToRead", true, "value", new LinkedHashMap<>()));
        m.put("legalHold", Map.of("isClientAuthorizedToRead", true, "value", "off"));
        m.put("serverSideEncryption", Map.of("mode", "none"));
        m.put("replicationStatus", null);
        return m;
    }

    private Version visible(String name) {
        List<Version> vs = files.get(name);
        if (vs == null || vs.isEmpty()) {
            return null;
        }
        Version last = vs.get(vs.size() - 1);
        return last.action().equals("upload") ? last : null;
    }

    private ResponseDefinition listNames(Map<String, Object> body) {
        String prefix = body.get("prefix") == null ? "" : (String) body.get("prefix"); // the SDK sends null for none
        String delimiter = (String) body.get("delimiter");
        String start = (String) body.get("startFileName");
        int max = ((Number) body.getOrDefault("maxFileCount", 100)).intValue();
        List<Object> out = new ArrayList<>();
        String next = null;
        String lastFolder = null;
        for (String name : start == null ? files.keySet() : files.tailMap(start, true).keySet()) {
            if (!name.startsWith(prefix)) {
                if (dev.stowage.spi.KeyOrder.compare(name, prefix) > 0) {
                    break;
                }
                continue;
            }
            Version v = visible(name);
            if (v == null) {
                continue;
            }
            if (delimiter != null) {
                int d = name.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    String folder = name.substring(0, d + delimiter.length());
                    if (folder.equals(lastFolder) || (start != null
                            && dev.stowage.spi.KeyOrder.compare(folder, start) < 0)) {
                        continue;
                    }
                    if (out.size() == max) {
                        next = folder;
                        break;
                    }
                    lastFolder = folder;
                    Map<String, Object> f = new LinkedHashMap<>();
                    f.put("accountId", "0022623512fc");
                    f.put("action", "folder");
                    f.put("bucketId", bucketId);
                    f.put("contentLength", 0);
                    f.put("contentMd5", null);
                    f.put("contentSha1", null);
                    f.put("contentType", null);
                    f.put("fileId", null);
                    f.put("fileInfo", Map.of());
                    f.put("fileName", folder);
                    f.put("uploadTimestamp", 0);
                    out.add(f);
                    continue;
                }
            }
            if (out.size() == max) {
                next = name;
                break;
            }
            out.add(version(v));
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("files", out);
        result.put("nextFileName", next);
        return json(result);
    }

    private ResponseDefinition listVersions(Map<String, Object> body) {
        String prefix = body.get("prefix") == null ? "" : (String) body.get("prefix"); // the SDK sends null for none
        String start = (String) body.get("startFileName");
        int max = ((Number) body.getOrDefault("maxFileCount", 100)).intValue();
        List<Object> out = new ArrayList<>();
        String next = null;
        String nextId = null;
        outer:
        for (Map.Entry<String, List<Version>> e : (start == null ? files : files.tailMap(start, true)).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                continue;
            }
            List<Version> vs = new ArrayList<>(e.getValue());
            java.util.Collections.reverse(vs); // newest first, as B2 lists them
            for (Version v : vs) {
                if (out.size() == max) {
                    next = v.name();
                    nextId = v.id();
                    break outer;
                }
                out.add(version(v));
            }
        }
        Map<String, Object> result = new LinkedHashMap<>();
        result.put("files", out);
        result.put("nextFileName", next);
        result.put("nextFileId", nextId);
        return json(result);
    }

    private ResponseDefinition deleteVersion(Map<String, Object> body) {
        String name = (String) body.get("fileName");
        String id = (String) body.get("fileId");
        List<Version> vs = files.get(name);
        if (vs == null || !vs.removeIf(v -> v.id().equals(id))) {
            return error(400, "file_not_present", "File not present: " + name + " " + id);
        }
        if (vs.isEmpty()) {
            files.remove(name);
        }
        return json(Map.of("fileId", id, "fileName", name));
    }

    private ResponseDefinition hide(Map<String, Object> body) {
        String name = (String) body.get("fileName");
        if (visible(name) == null) {
            return error(400, files.containsKey(name) ? "already_hidden" : "no_such_file",
                    "File not present: " + name);
        }
        return json(version(add(name, "hide", new byte[0], null, Map.of())));
    }

    private ResponseDefinition copy(Map<String, Object> body) {
        String sourceId = (String) body.get("sourceFileId");
        Version src = files.values().stream().flatMap(List::stream).filter(v -> v.id().equals(sourceId))
                .findFirst().orElse(null);
        if (src == null || !src.action().equals("upload")) {
            return error(400, "bad_request", "Invalid sourceFileId: " + sourceId);
        }
        if (badName((String) body.get("fileName")) != null) {
            return error(400, "bad_request", badName((String) body.get("fileName")));
        }
        boolean replace = "REPLACE".equals(body.get("metadataDirective"));
        @SuppressWarnings("unchecked")
        Map<String, String> info = replace ? (Map<String, String>) body.getOrDefault("fileInfo", Map.of())
                : src.info();
        String type = replace ? (String) body.get("contentType") : src.contentType();
        return json(version(add((String) body.get("fileName"), "upload", src.data(), type, info)));
    }

    /**
     * Why B2 refuses a file name, or null. Its documentation: names must not start with '/', end with '/' or contain
     * '//', and hold no character below 32 and no DEL.
     */
    private static String badName(String name) {
        if (name == null || name.isEmpty()) {
            return "fileName is required";
        }
        if (name.startsWith("/") || name.endsWith("/") || name.contains("//")) {
            return "File names must not start with '/', end with '/', or contain '//'";
        }
        if (name.chars().anyMatch(c -> c < 32 || c == 127)) {
            return "File names must not contain characters below 32 or DEL";
        }
        return null;
    }

    private ResponseDefinition startLarge(Map<String, Object> body) {
        if (badName((String) body.get("fileName")) != null) {
            return error(400, "bad_request", badName((String) body.get("fileName")));
        }
        @SuppressWarnings("unchecked")
        Map<String, String> info = (Map<String, String>) body.getOrDefault("fileInfo", Map.of());
        String id = "4_z" + bucketId + "_f2" + UUID.randomUUID().toString().replace("-", "");
        Large l = new Large(id, (String) body.get("fileName"), (String) body.get("contentType"), Map.copyOf(info),
                new TreeMap<>());
        unfinished.put(id, l);
        Version v = new Version(id, l.name(), "start", new byte[0], l.contentType() == null
                ? "application/octet-stream" : l.contentType(), l.info(), clock.incrementAndGet());
        return json(version(v));
    }

    private ResponseDefinition uploadPart(Request r, String fileId) {
        Large l = unfinished.get(fileId);
        if (l == null) {
            return error(400, "bad_request", "No active upload for: " + fileId);
        }
        byte[] data = content(r);
        if (data == null) {
            return error(400, "bad_request", "Checksum did not match data received");
        }
        int n = Integer.parseInt(r.getHeader("X-Bz-Part-Number"));
        l.parts().put(n, data);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("fileId", fileId);
        out.put("partNumber", n);
        out.put("contentLength", data.length);
        out.put("contentSha1", StoredObject.sha1Hex(data));
        out.put("contentMd5", StoredObject.md5Hex(data));
        out.put("uploadTimestamp", clock.incrementAndGet());
        return json(out);
    }

    private ResponseDefinition finishLarge(Map<String, Object> body) {
        String id = (String) body.get("fileId");
        Large l = unfinished.get(id);
        if (l == null) {
            return error(400, "bad_request", "No active upload for: " + id);
        }
        @SuppressWarnings("unchecked")
        List<String> sha1s = (List<String>) body.get("partSha1Array");
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < sha1s.size(); i++) {
            byte[] part = l.parts().get(i + 1);
            if (part == null || !StoredObject.sha1Hex(part).equals(sha1s.get(i))) {
                return error(400, "bad_request", "Part number " + (i + 1) + " has not been uploaded or its SHA-1 "
                        + "does not match");
            }
            if (i < sha1s.size() - 1 && part.length < 5000000) {
                return error(400, "bad_request", "Part number " + (i + 1) + " is smaller than the minimum part size");
            }
            all.writeBytes(part);
        }
        unfinished.remove(id);
        Version v = new Version(id, l.name(), "upload", all.toByteArray(), l.contentType() == null
                || l.contentType().equals("b2/x-auto") ? "application/octet-stream" : l.contentType(), l.info(),
                clock.incrementAndGet());
        files.computeIfAbsent(l.name(), n -> new ArrayList<>()).add(v);
        return json(version(v));
    }

    private ResponseDefinition cancelLarge(Map<String, Object> body) {
        String id = (String) body.get("fileId");
        Large l = unfinished.remove(id);
        if (l == null) {
            return error(400, "bad_request", "No active upload for: " + id);
        }
        return json(Map.of("fileId", id, "accountId", "0022623512fc", "bucketId", bucketId, "fileName", l.name()));
    }

    private ResponseDefinition downloadAuthorization(Map<String, Object> body) {
        String prefix = (String) body.get("fileNamePrefix");
        String token = "3_" + UUID.randomUUID().toString().replace("-", "");
        downloadTokens.put(token, prefix);
        return json(Map.of("bucketId", bucketId, "fileNamePrefix", prefix, "authorizationToken", token));
    }

    private ResponseDefinition download(Request r, String path, String query) {
        String rest = path.substring("/file/".length());
        int slash = rest.indexOf('/');
        // B2 decodes '+' in names as a space, in URLs as in headers (its "String Encoding" rules).
        String b = URLDecoder.decode(rest.substring(0, Math.max(slash, 0)), StandardCharsets.UTF_8);
        String name = URLDecoder.decode(rest.substring(slash + 1), StandardCharsets.UTF_8);
        String auth = r.getHeader("Authorization");
        for (String pair : query.split("&")) {
            if (pair.startsWith("Authorization=")) {
                auth = URLDecoder.decode(pair.substring(14), StandardCharsets.UTF_8);
            }
        }
        boolean head = r.getMethod().getName().equals("HEAD");
        if (!bucket.equals(b)) {
            return head ? respond(404, null, null) : error(404, "not_found", "bucket " + b + " does not exist");
        }
        if (auth != null && !auth.equals(accountToken)) {
            String prefix = downloadTokens.get(auth);
            if (prefix == null || !name.startsWith(prefix)) {
                return head ? respond(401, null, null) : error(401, "bad_auth_token", "Invalid authorization token");
            }
        } else if (auth == null && !bucketType.equals("allPublic")) {
            return head ? respond(401, null, null) : error(401, "unauthorized", "The bucket is private");
        }
        Version v = visible(name);
        if (v == null) {
            return head ? respond(404, null, null) : error(404, "not_found", "File with such name does not exist.");
        }
        byte[] data = v.data();
        int status = 200;
        String range = r.getHeader("Range");
        var b2 = com.github.tomakehurst.wiremock.client.WireMock.aResponse();
        if (range != null && range.startsWith("bytes=")) {
            String[] ab = range.substring(6).split("-", -1);
            long start = Long.parseLong(ab[0]);
            long end = ab[1].isEmpty() ? data.length - 1 : Math.min(Long.parseLong(ab[1]), data.length - 1);
            if (start >= data.length) {
                return error(416, "range_not_satisfiable", "The range is not satisfiable");
            }
            b2.withHeader("Content-Range", "bytes " + start + "-" + end + "/" + v.data().length);
            data = java.util.Arrays.copyOfRange(data, (int) start, (int) end + 1);
            status = 206;
        }
        b2.withStatus(status).withHeader("Content-Length", String.valueOf(data.length))
                .withHeader("Content-Type", v.contentType()).withHeader("x-bz-file-id", v.id())
                .withHeader("x-bz-file-name", URLEncoder.encode(v.name(), StandardCharsets.UTF_8))
                .withHeader("x-bz-content-sha1", StoredObject.sha1Hex(v.data()))
                .withHeader("X-Bz-Upload-Timestamp", String.valueOf(v.timestamp()))
                .withHeader("Accept-Ranges", "bytes");
        v.info().forEach((k, val) -> {
            b2.withHeader("x-bz-info-" + k, URLEncoder.encode(val, StandardCharsets.UTF_8).replace("+", "%20"));
            if (k.equals("b2-cache-control")) {
                b2.withHeader("Cache-Control", val);
            }
        });
        return head ? b2.build() : b2.withBody(data).build();
    }

    private static ResponseDefinition json(Object body) {
        return respond(200, "application/json;charset=utf-8", bytes(Json.write(body)));
    }

    private static ResponseDefinition error(int status, String code, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("status", status);
        m.put("code", code);
        m.put("message", message);
        return respond(status, "application/json;charset=utf-8", bytes(Json.write(m)));
    }
}
