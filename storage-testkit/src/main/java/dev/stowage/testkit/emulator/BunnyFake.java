package dev.stowage.testkit.emulator;

import com.github.tomakehurst.wiremock.client.WireMock;
import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.security.MessageDigest;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;

/**
 * A stateful fake of the bunny.net Edge Storage HTTP API for one storage zone, written to its published API reference:
 * upload ({@code PUT /{zone}/{path}/{file}}, raw body, the {@code AccessKey} header, and the optional {@code Checksum}
 * header, SHA-256 in hex, which is compared with the bytes received and a mismatch refused with 400), download ({@code
 * GET}, with {@code Range}), delete ({@code DELETE}; on a folder it removes everything in it) and folder listings
 * ({@code GET /{zone}/{path}/}: a JSON array of objects with {@code Guid}, {@code StorageZoneName}, {@code Path},
 * {@code ObjectName}, {@code Length}, {@code LastChanged}, {@code IsDirectory}, {@code Checksum}, …), with the {@code
 * {"HttpCode": ..., "Message": ...}} bodies of its answers. {@code DESCRIBE /{zone}/{path}}, which the reference does
 * not list but bunny.net's own storage SDK uses for one file's metadata, answers that object's listing entry (or 405
 * after {@link #refuseDescribe()}). Folders are real, as in Bunny's file tree: an upload makes
 * the folders it needs, a file and a folder cannot share a name (the fake refuses that with 400, an assumption: the
 * reference does not say), and deleting a folder's last file leaves the folder. Wrong access keys and zone names get
 * 401. It is not the real service.
 */
public final class BunnyFake extends WireMockFake {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS");

    private final String zone;
    private final String password;
    /** Files by path within the zone ("a/b.txt"); folders by path with a trailing '/' ("a/"). */
    private final TreeMap<String, File> files = new TreeMap<>();
    private final TreeSet<String> folders = new TreeSet<>();
    private final AtomicLong clock = new AtomicLong(System.currentTimeMillis());
    private volatile UnaryOperator<byte[]> storedBytes = UnaryOperator.identity();
    private volatile boolean describeRefused;

    private record File(byte[] data, String guid, Instant changed, Instant created) {
    }

    private BunnyFake(String zone, String password) {
        this.zone = zone;
        this.password = password;
    }

    /** Starts a fake holding one empty storage zone, reachable with its password as {@code AccessKey}. */
    public static BunnyFake start(String zone, String password) {
        return new BunnyFake(zone, password);
    }

    /**
     * Makes the fake store something else than the bytes it accepted (after checking their {@code Checksum}), as a
     * faulty server would: for tests of what a client does when the stored object differs from what it sent.
     */
    public void damageStoredBytes(UnaryOperator<byte[]> damage) {
        storedBytes = damage;
    }

    /**
     * Makes the fake answer {@code DESCRIBE} with 405, as a server without that method (it is used by bunny.net's
     * SDK but not listed in the API reference) would.
     */
    public void refuseDescribe() {
        describeRefused = true;
    }

    /** The paths of every file in the zone, sorted. */
    public synchronized List<String> filePaths() {
        return List.copyOf(files.keySet());
    }

    /** The paths of every folder in the zone (each ending in '/'), sorted. */
    public synchronized List<String> folderPaths() {
        return List.copyOf(folders);
    }

    @Override
    protected synchronized ResponseDefinition handle(Request r) {
        String url = r.getUrl();
        int q = url.indexOf('?');
        String rawPath = q < 0 ? url : url.substring(0, q);
        if (!rawPath.startsWith("/")) {
            return answer(400, "Bad request");
        }
        String full = percentDecode(rawPath.substring(1));
        int slash = full.indexOf('/');
        String zoneName = slash < 0 ? full : full.substring(0, slash);
        String path = slash < 0 ? "" : full.substring(slash + 1);
        if (!password.equals(r.getHeader("AccessKey")) || !zone.equals(zoneName)) {
            return answer(401, "Unauthorized");
        }
        String method = r.getMethod().getName();
        boolean folder = path.isEmpty() || path.endsWith("/");
        return switch (method) {
            case "PUT" -> folder ? answer(400, "Files cannot be uploaded to a directory path") : upload(r, path);
            case "GET" -> folder ? list(path) : download(r, path);
            case "DELETE" -> delete(path);
            case "DESCRIBE" -> describeRefused ? answer(405, "Method not allowed") : describe(path);
            default -> answer(405, "Method not allowed");
        };
    }

    private ResponseDefinition upload(Request r, String path) {
        byte[] body = r.getBody() == null ? new byte[0] : r.getBody();
        String checksum = r.getHeader("Checksum");
        if (checksum != null && !checksum.isBlank()
                && !sha256(body).equalsIgnoreCase(checksum.strip())) {
            return answer(400, "Checksum does not match the uploaded content");
        }
        if (folders.contains(path + "/")) {
            return answer(400, "A directory with the same name already exists");
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            if (files.containsKey(path.substring(0, i))) {
                return answer(400, "Cannot create a directory where a file exists: " + path.substring(0, i));
            }
        }
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            folders.add(path.substring(0, i + 1));
        }
        Instant now = Instant.ofEpochMilli(clock.incrementAndGet());
        File old = files.get(path);
        files.put(path, new File(storedBytes.apply(body.clone()), old == null ? UUID.randomUUID().toString()
                : old.guid(), now, old == null ? now : old.created()));
        return answer(201, "File uploaded.");
    }

    private ResponseDefinition download(Request r, String path) {
        File f = files.get(path);
        if (f == null) {
            return answer(404, "Object Not Found");
        }
        byte[] data = f.data();
        var b = WireMock.aResponse().withHeader("Content-Type", "application/octet-stream")
                .withHeader("Accept-Ranges", "bytes");
        String range = r.getHeader("Range");
        if (range != null && range.startsWith("bytes=") && !range.contains(",")) {
            String[] ab = range.substring(6).split("-", -1);
            long start;
            long end;
            if (ab[0].isEmpty()) {
                start = Math.max(0, data.length - Long.parseLong(ab[1]));
                end = data.length - 1;
            } else {
                start = Long.parseLong(ab[0]);
                end = ab[1].isEmpty() ? data.length - 1 : Math.min(Long.parseLong(ab[1]), data.length - 1);
            }
            if (start >= data.length) {
                return WireMock.aResponse().withStatus(416).withHeader("Content-Range", "bytes */" + data.length)
                        .build();
            }
            return b.withStatus(206).withHeader("Content-Range", "bytes " + start + "-" + end + "/" + data.length)
                    .withHeader("Content-Length", String.valueOf(end - start + 1))
                    .withBody(Arrays.copyOfRange(data, (int) start, (int) end + 1)).build();
        }
        return b.withStatus(200).withHeader("Content-Length", String.valueOf(data.length)).withBody(data).build();
    }

    /** One object's listing entry, as bunny.net's storage SDK reads a file's metadata ({@code file.get}). */
    private ResponseDefinition describe(String path) {
        String p = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        int slash = p.lastIndexOf('/');
        String folder = p.substring(0, slash + 1);
        String name = p.substring(slash + 1);
        File f = files.get(p);
        if (f != null && !path.endsWith("/")) {
            return json(200, entry(folder, name, false, f.data().length, f, sha256(f.data()).toUpperCase(Locale.ROOT)));
        }
        if (!p.isEmpty() && folders.contains(p + "/")) {
            return json(200, entry(folder, name, true, 0, null, null));
        }
        return answer(404, "Object Not Found");
    }

    private ResponseDefinition delete(String path) {
        String folder = path.isEmpty() || path.endsWith("/") ? path : path + "/";
        if (!path.endsWith("/") && files.remove(path) != null) {
            return answer(200, "File deleted successfuly.");
        }
        if (!folder.isEmpty() && folders.contains(folder)) {
            // a folder goes with everything in it
            files.keySet().removeIf(p -> p.startsWith(folder));
            folders.removeIf(p -> p.startsWith(folder));
            return answer(200, "Directory deleted successfuly.");
        }
        return answer(404, "Object Not Found");
    }

    private ResponseDefinition list(String folder) {
        List<Object> out = new ArrayList<>();
        if (!folder.isEmpty() && !folders.contains(folder)) {
            return json(200, out);
        }
        for (String f : folders.tailSet(folder, false)) {
            if (!f.startsWith(folder)) {
                break;
            }
            String rest = f.substring(folder.length(), f.length() - 1);
            if (rest.indexOf('/') < 0) {
                out.add(entry(folder, rest, true, 0, null, null));
            }
        }
        for (Map.Entry<String, File> e : files.tailMap(folder, false).entrySet()) {
            if (!e.getKey().startsWith(folder)) {
                break;
            }
            String rest = e.getKey().substring(folder.length());
            if (rest.indexOf('/') < 0) {
                out.add(entry(folder, rest, false, e.getValue().data().length, e.getValue(),
                        sha256(e.getValue().data()).toUpperCase(Locale.ROOT)));
            }
        }
        return json(200, out);
    }

    private Map<String, Object> entry(String folder, String name, boolean directory, long length, File f,
                                      String checksum) {
        Instant changed = f == null ? Instant.ofEpochMilli(clock.get()) : f.changed();
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Guid", f == null ? UUID.nameUUIDFromBytes(bytes(folder + name)).toString() : f.guid());
        m.put("StorageZoneName", zone);
        m.put("Path", "/" + zone + "/" + folder);
        m.put("ObjectName", name);
        m.put("Length", length);
        m.put("LastChanged", time(changed));
        m.put("ServerId", 0);
        m.put("ArrayNumber", 0);
        m.put("IsDirectory", directory);
        m.put("UserId", "6ac32c7a-1ab3-4a05-b6c6-2b5de0a5a2a0");
        m.put("ContentType", "");
        m.put("DateCreated", time(f == null ? changed : f.created()));
        m.put("StorageZoneId", 123456);
        m.put("Checksum", checksum);
        m.put("ReplicatedZones", "");
        return m;
    }

    private static String time(Instant t) {
        return TIME.format(LocalDateTime.ofInstant(t.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC));
    }

    private static ResponseDefinition answer(int status, String message) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("HttpCode", status);
        m.put("Message", message);
        return json(status, m);
    }

    private static ResponseDefinition json(int status, Object body) {
        return respond(status, "application/json", bytes(Json.write(body)));
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
