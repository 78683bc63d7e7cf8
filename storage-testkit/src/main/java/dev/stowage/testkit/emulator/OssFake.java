package dev.stowage.testkit.emulator;

import com.github.tomakehurst.wiremock.http.HttpHeader;
import com.github.tomakehurst.wiremock.http.HttpHeaders;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stateful fake of the Alibaba Cloud OSS REST API for one bucket, written to the published OSS API reference:
 * PutObject (with x-oss-meta-*, Cache-Control, x-oss-forbid-overwrite and x-oss-copy-source for CopyObject),
 * GetObject (Range, x-oss-range-behavior), HeadObject, DeleteObject, ListObjectsV2 (prefix, delimiter, start-after,
 * max-keys, continuation-token, encoding-type=url), InitiateMultipartUpload, UploadPart, CompleteMultipartUpload and
 * AbortMultipartUpload, with the documented XML bodies, error codes and the x-oss-hash-crc64ecma header.
 * Requests are path-style ({@code /bucket/key}). The bucket is public-read (anonymous GET and HEAD of objects);
 * other requests must name the access key id, and presigned URLs (signature version 1) are verified; header
 * signatures are not. It is not the real service.
 */
public final class OssFake extends WireMockFake {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern PART = Pattern.compile("<PartNumber>(\\d+)</PartNumber>");

    private final String bucket;
    private final String accessKeyId;
    private final String accessKeySecret;
    private final NavigableMap<String, StoredObject> objects = new ConcurrentSkipListMap<>(
            dev.stowage.spi.KeyOrder.UTF8);
    private final Map<String, Upload> uploads = new ConcurrentHashMap<>();

    private record Upload(String key, StoredObject template, Map<Integer, byte[]> parts) {
    }

    private OssFake(String bucket, String accessKeyId, String accessKeySecret) {
        this.bucket = bucket;
        this.accessKeyId = accessKeyId;
        this.accessKeySecret = accessKeySecret;
    }

    /**
     * Starts a fake holding one empty bucket. Requests must name {@code accessKeyId}; presigned URLs (signature
     * version 1) are verified with {@code accessKeySecret}.
     */
    public static OssFake start(String bucket, String accessKeyId, String accessKeySecret) {
        return new OssFake(bucket, accessKeyId, accessKeySecret);
    }

    public String bucket() {
        return bucket;
    }

    /** Multipart uploads started and neither completed nor aborted. */
    public int openUploads() {
        return uploads.size();
    }

    @Override
    protected ResponseDefinition handle(Request r) {
        String url = r.getUrl();
        int q = url.indexOf('?');
        String path = q < 0 ? url : url.substring(0, q);
        String query = q < 0 ? "" : url.substring(q + 1);
        Map<String, String> params = params(query);
        String rest = path.startsWith("/") ? path.substring(1) : path;
        int slash = rest.indexOf('/');
        String b = percentDecode(slash < 0 ? rest : rest.substring(0, slash));
        String key = slash < 0 ? "" : percentDecode(rest.substring(slash + 1));
        ResponseDefinition denied = authenticate(r, params, path);
        if (denied != null) {
            return denied;
        }
        if (!b.equals(bucket)) {
            return error(404, "NoSuchBucket", "The specified bucket does not exist.", null, r);
        }
        String method = r.getMethod().getName();
        if (key.isEmpty()) {
            return method.equals("GET") ? list(params) : error(405, "MethodNotAllowed", "not faked", null, r);
        }
        return switch (method) {
            case "PUT" -> params.containsKey("uploadId") ? uploadPart(key, params, r)
                    : r.getHeader("x-oss-copy-source") != null ? copy(key, r) : put(key, r);
            case "POST" -> params.containsKey("uploads") ? initiate(key, r) : complete(key, params, r);
            case "GET", "HEAD" -> get(key, r, method.equals("HEAD"));
            case "DELETE" -> {
                if (params.containsKey("uploadId")) {
                    yield uploads.remove(params.get("uploadId")) == null
                            ? error(404, "NoSuchUpload", "The specified upload does not exist.", key, r)
                            : respond(204, null, null);
                }
                objects.remove(key);
                yield respond(204, null, null);
            }
            default -> error(405, "MethodNotAllowed", "The specified method is not allowed.", key, r);
        };
    }

    /** Checks the access key id of header-signed requests and the whole signature of presigned URLs. */
    private ResponseDefinition authenticate(Request r, Map<String, String> params, String rawPath) {
        String auth = r.getHeader("Authorization");
        if (params.containsKey("Signature")) {
            if (!accessKeyId.equals(params.get("OSSAccessKeyId"))) {
                return error(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our "
                        + "records.", null, r);
            }
            long expires = Long.parseLong(params.getOrDefault("Expires", "0"));
            if (expires * 1000 < System.currentTimeMillis()) {
                return error(403, "AccessDenied", "Request has expired.", null, r);
            }
            String toSign = r.getMethod().getName() + "\n" + header(r, "Content-MD5", "") + "\n"
                    + header(r, "Content-Type", "") + "\n" + expires + "\n" + percentDecode(rawPath);
            if (!hmacSha1(toSign).equals(params.get("Signature"))) {
                return error(403, "SignatureDoesNotMatch", "The request signature we calculated does not match "
                        + "the signature you provided. Check your key and signing method.", null, r);
            }
            return null;
        }
        String method = r.getMethod().getName();
        if (auth == null && (method.equals("GET") || method.equals("HEAD")) && !params.containsKey("list-type")) {
            return null; // the bucket's ACL is public-read: anonymous object reads are allowed
        }
        if (auth == null) {
            return error(403, "AccessDenied", "You have no right to access this object because of bucket acl.",
                    null, r);
        }
        if (!(auth.startsWith("OSS " + accessKeyId + ":")
                || auth.contains("Credential=" + accessKeyId + "/"))) {
            return error(403, "InvalidAccessKeyId", "The OSS Access Key Id you provided does not exist in our "
                    + "records.", null, r);
        }
        return null;
    }

    private String hmacSha1(String data) {
        try {
            javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA1");
            mac.init(new javax.crypto.spec.SecretKeySpec(bytes(accessKeySecret), "HmacSHA1"));
            return Base64.getEncoder().encodeToString(mac.doFinal(bytes(data)));
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private ResponseDefinition put(String key, Request r) {
        if ("true".equals(r.getHeader("x-oss-forbid-overwrite")) && objects.containsKey(key)) {
            return error(409, "FileAlreadyExists", "The object you specified already exists and can not be "
                    + "overwritten.", key, r);
        }
        byte[] data = r.getBody();
        StoredObject o = new StoredObject(data, StoredObject.md5Hex(data).toUpperCase(Locale.ROOT),
                header(r, "Content-Type", "application/octet-stream"), r.getHeader("Cache-Control"),
                userMeta(r.getHeaders()), Instant.now());
        objects.put(key, o);
        return ok(o, 200, null);
    }

    private ResponseDefinition copy(String key, Request r) {
        String source = r.getHeader("x-oss-copy-source");
        String src = percentDecode(source.startsWith("/") ? source.substring(1) : source);
        String srcKey = src.substring(src.indexOf('/') + 1);
        StoredObject s = objects.get(srcKey);
        if (s == null) {
            return error(404, "NoSuchKey", "The specified key does not exist.", srcKey, r);
        }
        StoredObject o = "REPLACE".equals(r.getHeader("x-oss-metadata-directive"))
                ? new StoredObject(s.data(), s.etag(), header(r, "Content-Type", s.contentType()),
                r.getHeader("Cache-Control"), userMeta(r.getHeaders()), Instant.now())
                : new StoredObject(s.data(), s.etag(), s.contentType(), s.cacheControl(), s.metadata(), Instant.now());
        objects.put(key, o);
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CopyObjectResult>\n  <ETag>\"" + o.etag()
                + "\"</ETag>\n  <LastModified>" + DateTimeFormatter.ISO_INSTANT.format(o.modified())
                + "</LastModified>\n</CopyObjectResult>";
        return base(200).withHeader("Content-Type", "application/xml").withBody(bytes(body)).build();
    }

    private ResponseDefinition get(String key, Request r, boolean head) {
        StoredObject o = objects.get(key);
        if (o == null) {
            return head ? base(404).withHeader("x-oss-ec", "0026-00000001").build()
                    : error(404, "NoSuchKey", "The specified key does not exist.", key, r);
        }
        String range = r.getHeader("Range");
        int size = o.data().length;
        if (range == null || !range.startsWith("bytes=")) {
            return ok(o, 200, head ? null : o.data());
        }
        String[] ab = range.substring(6).split("-", -1);
        long start = Long.parseLong(ab[0]);
        long end = ab[1].isEmpty() ? size - 1 : Math.min(Long.parseLong(ab[1]), size - 1);
        if (start >= size || start > end) {
            if (!"standard".equals(r.getHeader("x-oss-range-behavior"))) {
                return ok(o, 200, head ? null : o.data()); // OSS's legacy behaviour: ignore the range
            }
            return error(416, "InvalidRange", "The requested range cannot be satisfied", key, r);
        }
        byte[] part = java.util.Arrays.copyOfRange(o.data(), (int) start, (int) end + 1);
        var b = base(206).withHeader("ETag", "\"" + o.etag() + "\"")
                .withHeader("Content-Range", "bytes " + start + "-" + end + "/" + size)
                .withHeader("Last-Modified", HTTP_DATE.format(o.modified()))
                .withHeader("Content-Type", o.contentType());
        if (o.cacheControl() != null) {
            b.withHeader("Cache-Control", o.cacheControl());
        }
        o.metadata().forEach((k, v) -> b.withHeader("x-oss-meta-" + k, v));
        return b.withHeader("Content-Length", String.valueOf(part.length)).withBody(head ? new byte[0] : part).build();
    }

    private ResponseDefinition ok(StoredObject o, int status, byte[] body) {
        var b = base(status).withHeader("ETag", "\"" + o.etag() + "\"")
                .withHeader("Last-Modified", HTTP_DATE.format(o.modified()))
                .withHeader("Content-Type", o.contentType())
                .withHeader("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(o.data())))
                .withHeader("x-oss-object-type", "Normal");
        if (o.cacheControl() != null) {
            b.withHeader("Cache-Control", o.cacheControl());
        }
        o.metadata().forEach((k, v) -> b.withHeader("x-oss-meta-" + k, v));
        b.withHeader("Content-Length", String.valueOf(o.data().length));
        if (body != null) {
            b.withBody(body);
        }
        return b.build();
    }

    private ResponseDefinition initiate(String key, Request r) {
        String id = UUID.randomUUID().toString().replace("-", "").toUpperCase(Locale.ROOT);
        StoredObject template = new StoredObject(new byte[0], "", header(r, "Content-Type",
                "application/octet-stream"), r.getHeader("Cache-Control"), userMeta(r.getHeaders()), Instant.now());
        uploads.put(id, new Upload(key, template, new ConcurrentHashMap<>()));
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<InitiateMultipartUploadResult>\n  <Bucket>"
                + xml(bucket) + "</Bucket>\n  <Key>" + xml(key) + "</Key>\n  <UploadId>" + id
                + "</UploadId>\n</InitiateMultipartUploadResult>";
        return base(200).withHeader("Content-Type", "application/xml").withBody(bytes(body)).build();
    }

    private ResponseDefinition uploadPart(String key, Map<String, String> params, Request r) {
        Upload u = uploads.get(params.get("uploadId"));
        if (u == null || !u.key().equals(key)) {
            return error(404, "NoSuchUpload", "The specified upload does not exist.", key, r);
        }
        byte[] data = r.getBody();
        u.parts().put(Integer.parseInt(params.get("partNumber")), data);
        return base(200).withHeader("ETag", "\"" + StoredObject.md5Hex(data).toUpperCase(Locale.ROOT) + "\"")
                .withHeader("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(data))).build();
    }

    private ResponseDefinition complete(String key, Map<String, String> params, Request r) {
        Upload u = uploads.get(params.getOrDefault("uploadId", ""));
        if (u == null || !u.key().equals(key)) {
            return error(404, "NoSuchUpload", "The specified upload does not exist.", key, r);
        }
        Matcher m = PART.matcher(r.getBodyAsString());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        int count = 0;
        int last = 0;
        List<Integer> numbers = new ArrayList<>();
        while (m.find()) {
            numbers.add(Integer.parseInt(m.group(1)));
        }
        for (int i = 0; i < numbers.size(); i++) {
            int n = numbers.get(i);
            byte[] part = u.parts().get(n);
            if (part == null || n <= last) {
                return error(400, part == null ? "InvalidPart" : "InvalidPartOrder", "One or more of the specified "
                        + "parts could not be found or the specified entity tag might not have matched.", key, r);
            }
            if (i < numbers.size() - 1 && part.length < 100 * 1024) {
                return error(400, "EntityTooSmall", "Your proposed upload is smaller than the minimum allowed size.",
                        key, r);
            }
            all.writeBytes(part);
            last = n;
            count++;
        }
        uploads.remove(params.get("uploadId"));
        byte[] data = all.toByteArray();
        StoredObject t = u.template();
        String etag = StoredObject.md5Hex(data).toUpperCase(Locale.ROOT) + "-" + count;
        objects.put(key, new StoredObject(data, etag, t.contentType(), t.cacheControl(), t.metadata(), Instant.now()));
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<CompleteMultipartUploadResult>\n  <Location>"
                + "http://" + xml(bucket) + ".oss-cn-hangzhou.aliyuncs.com/" + xml(key) + "</Location>\n  <Bucket>"
                + xml(bucket) + "</Bucket>\n  <Key>" + xml(key) + "</Key>\n  <ETag>\"" + etag
                + "\"</ETag>\n</CompleteMultipartUploadResult>";
        return base(200).withHeader("Content-Type", "application/xml")
                .withHeader("x-oss-hash-crc64ecma", Long.toUnsignedString(crc64(data))).withBody(bytes(body)).build();
    }

    private ResponseDefinition list(Map<String, String> params) {
        if (!"2".equals(params.get("list-type"))) {
            return respond(400, "application/xml", bytes("<Error><Code>InvalidArgument</Code><Message>only "
                    + "ListObjectsV2 is faked</Message></Error>"));
        }
        String prefix = params.getOrDefault("prefix", "");
        String delimiter = params.get("delimiter");
        boolean url = "url".equals(params.get("encoding-type"));
        int max = Integer.parseInt(params.getOrDefault("max-keys", "100"));
        String token = params.get("continuation-token");
        String after = token != null ? new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8)
                : params.get("start-after");
        StringBuilder contents = new StringBuilder();
        TreeMap<String, Boolean> rows = new TreeMap<>(dev.stowage.spi.KeyOrder.UTF8);
        int n = 0;
        String lastKey = null;
        boolean truncated = false;
        NavigableMap<String, StoredObject> from = after == null ? objects : objects.tailMap(after, false);
        for (Map.Entry<String, StoredObject> e : from.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(prefix)) {
                if (dev.stowage.spi.KeyOrder.compare(k, prefix) > 0) {
                    break;
                }
                continue;
            }
            String row = k;
            boolean isPrefix = false;
            if (delimiter != null) {
                int d = k.indexOf(delimiter, prefix.length());
                if (d >= 0) {
                    row = k.substring(0, d + delimiter.length());
                    isPrefix = true;
                }
            }
            if (isPrefix && rows.containsKey(row)) {
                lastKey = k;
                continue;
            }
            if (n == max) {
                truncated = true;
                break;
            }
            n++;
            rows.put(row, isPrefix);
            lastKey = isPrefix ? row + "\uffff" : k;
            if (!isPrefix) {
                StoredObject o = e.getValue();
                contents.append("  <Contents>\n    <Key>").append(enc(k, url)).append("</Key>\n    <LastModified>")
                        .append(DateTimeFormatter.ISO_INSTANT.format(o.modified())).append("</LastModified>\n"
                                + "    <ETag>\"").append(o.etag()).append("\"</ETag>\n    <Type>Normal</Type>\n"
                                + "    <Size>").append(o.data().length).append("</Size>\n    <StorageClass>Standard"
                                + "</StorageClass>\n  </Contents>\n");
            } else {
                contents.append("  <CommonPrefixes>\n    <Prefix>").append(enc(row, url))
                        .append("</Prefix>\n  </CommonPrefixes>\n");
            }
        }
        StringBuilder body = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<ListBucketResult>\n")
                .append("  <Name>").append(xml(bucket)).append("</Name>\n  <Prefix>").append(enc(prefix, url))
                .append("</Prefix>\n  <MaxKeys>").append(max).append("</MaxKeys>\n");
        if (delimiter != null) {
            body.append("  <Delimiter>").append(enc(delimiter, url)).append("</Delimiter>\n");
        }
        if (url) {
            body.append("  <EncodingType>url</EncodingType>\n");
        }
        body.append("  <IsTruncated>").append(truncated).append("</IsTruncated>\n");
        if (truncated) {
            body.append("  <NextContinuationToken>").append(Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(lastKey.getBytes(StandardCharsets.UTF_8))).append("</NextContinuationToken>\n");
        }
        body.append(contents).append("  <KeyCount>").append(n).append("</KeyCount>\n</ListBucketResult>");
        return base(200).withHeader("Content-Type", "application/xml").withBody(bytes(body.toString())).build();
    }

    private static String enc(String s, boolean url) {
        return url ? URLEncoder.encode(s, StandardCharsets.UTF_8) : xml(s);
    }

    private ResponseDefinition error(int status, String code, String message, String key, Request r) {
        String id = UUID.randomUUID().toString().replace("-", "").substring(0, 24).toUpperCase(Locale.ROOT);
        String body = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error>\n  <Code>" + code + "</Code>\n  <Message>"
                + xml(message) + "</Message>\n  <RequestId>" + id + "</RequestId>\n  <HostId>" + xml(bucket)
                + ".oss-cn-hangzhou.aliyuncs.com</HostId>\n" + (key == null ? "" : "  <Key>" + xml(key) + "</Key>\n")
                + "  <EC>0026-00000001</EC>\n</Error>";
        if (r.getMethod().getName().equals("HEAD")) {
            return base(status).withHeader("x-oss-ec", "0026-00000001").build();
        }
        return base(status).withHeader("Content-Type", "application/xml").withHeader("x-oss-request-id", id)
                .withBody(bytes(body)).build();
    }

    private static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder base(int status) {
        return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(status)
                .withHeader("Server", "AliyunOSS")
                .withHeader("x-oss-request-id", UUID.randomUUID().toString().replace("-", "").substring(0, 24));
    }

    private static String header(Request r, String name, String dflt) {
        String v = r.getHeader(name);
        return v == null || v.isEmpty() ? dflt : v;
    }

    private static Map<String, String> userMeta(HttpHeaders headers) {
        Map<String, String> meta = new TreeMap<>();
        for (HttpHeader h : headers.all()) {
            String name = h.key().toLowerCase(Locale.ROOT);
            if (name.startsWith("x-oss-meta-")) {
                meta.put(name.substring("x-oss-meta-".length()), h.firstValue());
            }
        }
        return meta;
    }

    private static Map<String, String> params(String query) {
        Map<String, String> out = new TreeMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : java.net.URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            out.put(k, v);
        }
        return out;
    }

    /** CRC-64/XZ (ECMA-182 polynomial, reflected), the checksum OSS reports in x-oss-hash-crc64ecma. */
    static long crc64(byte[] data) {
        long crc = -1L;
        for (byte b : data) {
            crc ^= b & 0xff;
            for (int i = 0; i < 8; i++) {
                crc = (crc & 1) != 0 ? (crc >>> 1) ^ 0xC96C5795D7870F42L : crc >>> 1;
            }
        }
        return ~crc;
    }
}
