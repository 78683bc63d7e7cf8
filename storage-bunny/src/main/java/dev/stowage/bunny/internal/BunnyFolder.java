package dev.stowage.bunny.internal;

import dev.stowage.BlobInfo;
import dev.stowage.DigestAlgorithm;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import dev.stowage.spi.HierarchicalLister;
import java.io.InputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reads one folder with the API's directory listing ({@code GET /{zone}/{path}/}): an array of objects with
 * {@code ObjectName}, {@code IsDirectory}, {@code Length}, {@code LastChanged} and {@code Checksum} (SHA-256, hex).
 * The API has no HEAD: one file's metadata comes from {@code DESCRIBE} where the server answers it, else from its
 * folder's listing.
 */
final class BunnyFolder {
    /** One entry of a folder. {@code checksum} is lower-case hex, or {@code null} when the listing has none. */
    record Entry(String name, boolean directory, long length, Instant lastChanged, String checksum) {
        /** The metadata of a file entry; the ETag is its SHA-256, or its length and time when there is none. */
        BlobInfo info(String key) {
            BlobInfo.Builder b = BlobInfo.builder(key).size(length).lastModified(lastChanged);
            if (checksum != null) {
                b.etag(checksum).digest(DigestAlgorithm.SHA256, checksum);
            } else {
                b.etag(length + "-" + (lastChanged == null ? 0 : lastChanged.toEpochMilli()));
            }
            return b.build();
        }
    }

    private final BunnyHttp http;
    /** Set once the server refuses DESCRIBE; a race setting it twice is harmless. */
    private volatile boolean describeRefused;

    BunnyFolder(BunnyHttp http) {
        this.http = http;
    }

    /**
     * The entries of a folder ("" for the root, else ending in '/'); empty when the folder does not exist.
     */
    List<Entry> read(String folder) throws Exception {
        HttpResponse<InputStream> resp = http.send(http.request(http.url(folder)).header("Accept", "application/json")
                .GET().build(), HttpResponse.BodyHandlers.ofInputStream());
        if (resp.statusCode() == 404) {
            BunnyHttp.discard(resp);
            return List.of();
        }
        if (resp.statusCode() != 200) {
            throw http.failure(resp, "GET folder listing '/" + folder + "'");
        }
        String text = http.readText(resp);
        Object json;
        try {
            json = Json.parse(text);
        } catch (IllegalArgumentException e) {
            throw notAListing(folder, e.getMessage(), e);
        }
        if (!(json instanceof List<?> items)) {
            throw notAListing(folder, "not a JSON array", null);
        }
        List<Entry> out = new ArrayList<>(items.size());
        for (Object item : items) {
            entry(item).ifPresent(out::add);
            // anything else is not a name this store could have written; leave it out rather than fail the listing
        }
        return out;
    }

    private static Optional<Entry> entry(Object item) {
        if (item instanceof Map<?, ?> m && m.get("ObjectName") instanceof String name && !name.isEmpty()
                && name.indexOf('/') < 0) {
            boolean dir = Boolean.TRUE.equals(m.get("IsDirectory"));
            long length = m.get("Length") instanceof Number n ? n.longValue() : 0;
            return Optional.of(new Entry(name, dir, Math.max(length, 0), time(m.get("LastChanged")), checksum(m)));
        }
        return Optional.empty();
    }

    /** A listing answer that cannot be read: a proxy's page or a cut answer, not the caller's mistake. */
    private static StorageException notAListing(String folder, String why, Throwable cause) {
        return StorageException.builder(ErrorCode.UNAVAILABLE, "Bunny Storage answered the listing of '/" + folder
                + "' with something that is not a folder listing (" + why + ")").cause(cause)
                .hint("a proxy or an outage may have answered instead of Bunny Storage; try again").build();
    }

    /**
     * The file named {@code key}, if there is one (a folder of that name does not count). Asked with
     * {@code DESCRIBE /{zone}/{path}}, which answers one object's listing entry and which bunny.net's own storage SDK
     * uses for a file's metadata ({@code file.get}); the API reference does not list it, so when the server refuses
     * the method (400, 405, 501) this and later lookups read the parent folder's listing instead, which costs a
     * request whose size grows with the folder.
     */
    Optional<Entry> file(String key) throws Exception {
        if (!describeRefused) {
            HttpResponse<InputStream> resp = http.send(http.request(http.url(key)).header("Accept",
                    "application/json").method("DESCRIBE", HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            int status = resp.statusCode();
            if (status == 200) {
                String text = http.readText(resp);
                try {
                    String name = key.substring(key.lastIndexOf('/') + 1);
                    return entry(Json.parse(text)).filter(e -> !e.directory() && e.name().equals(name));
                } catch (IllegalArgumentException e) {
                    throw notAListing(key, e.getMessage(), e);
                }
            }
            if (status != 404 && status != 400 && status != 405 && status != 501) {
                throw http.failure(resp, "DESCRIBE '/" + key + "'");
            }
            BunnyHttp.discard(resp);
            if (status == 404) {
                return Optional.empty();
            }
            describeRefused = true;
        }
        return listed(key);
    }

    /** The file named {@code key} in its folder's listing. */
    Optional<Entry> listed(String key) throws Exception {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        for (Entry e : read(key.substring(0, slash + 1))) {
            if (!e.directory() && e.name().equals(name)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /** Whether the folder that holds {@code key} has a sub-folder named like it. */
    boolean isFolder(String key) throws Exception {
        int slash = key.lastIndexOf('/');
        String name = key.substring(slash + 1);
        return read(key.substring(0, slash + 1)).stream().anyMatch(e -> e.directory() && e.name().equals(name));
    }

    /** The folder's children as {@link HierarchicalLister} walks them. */
    List<HierarchicalLister.Child> children(String folder) throws Exception {
        List<HierarchicalLister.Child> out = new ArrayList<>();
        for (Entry e : read(folder)) {
            out.add(e.directory() ? HierarchicalLister.Child.folder(e.name())
                    : HierarchicalLister.Child.object(e.name(), e.info(folder + e.name())));
        }
        return out;
    }

    private static String checksum(Map<?, ?> m) {
        if (m.get("Checksum") instanceof String c && c.matches("[0-9A-Fa-f]{64}")) {
            return c.toLowerCase(Locale.ROOT);
        }
        return null;
    }

    /** {@code LastChanged} is written without a zone ("2024-05-10T11:07:29.203") and means UTC. */
    private static Instant time(Object v) {
        if (!(v instanceof String s) || s.isBlank()) {
            return null;
        }
        try {
            return s.endsWith("Z") || s.matches(".*[+-]\\d\\d:\\d\\d$") ? java.time.OffsetDateTime.parse(s).toInstant()
                    : LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
