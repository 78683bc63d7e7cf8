package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * How a {@link CachedBlobStore} lays its entries out in the cache store: keys are digests under {@code o/}, and
 * each entry's metadata records the origin version it was made from,
 * the origin's date and when it was stored, so that the cache can be read back after a restart.
 */
final class CacheLayout {
    static final String META_VERSION = "stowage-origin-version";
    static final String META_MODIFIED = "stowage-origin-modified";
    static final String META_STORED = "stowage-stored-at";
    static final String ORIGINALS = "o/";
    /** Entries found in the cache store have never been validated in this process. */
    static final long NEVER = Long.MIN_VALUE / 2;

    /** One digest per thread: looking one up per call costs more than hashing a key, and digests are not shared. */
    private static final ThreadLocal<MessageDigest> SHA256 = ThreadLocal.withInitial(() -> {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    });

    private CacheLayout() {
    }

    static String originalKey(String key) {
        return ORIGINALS + hash(key);
    }

    private static String hash(String key) {
        String hex = HexFormat.of().formatHex(SHA256.get().digest(key.getBytes(StandardCharsets.UTF_8)));
        return hex.substring(0, 2) + "/" + hex;
    }

    /** The origin version an original is made from: its ETag, or size and date for stores without ETags. */
    static String version(BlobInfo info) {
        if (info.etag() != null) {
            return "etag:" + info.etag();
        }
        return "size:" + info.size() + "@" + (info.lastModified() == null ? "?" : info.lastModified().toEpochMilli());
    }

    /** The metadata stored with an entry: the origin's user metadata plus what the cache needs to read it back. */
    static Map<String, String> metadata(BlobInfo info, String version, long storedAtMillis) {
        Map<String, String> meta = new TreeMap<>(info.userMetadata());
        meta.put(META_VERSION, version);
        if (info.lastModified() != null) {
            meta.put(META_MODIFIED, Long.toString(info.lastModified().toEpochMilli()));
        }
        meta.put(META_STORED, Long.toString(storedAtMillis));
        return meta;
    }

    /**
     * Reads back an entry found in the cache store, or {@code null} when its metadata is missing.
     *
     * @param key    the origin key readers know the entry by
     * @param found  the index entry made from the listing
     * @param stored the cache store's metadata of the entry
     */
    static CacheEntry readBack(String key, CacheEntry found, BlobInfo stored) {
        Map<String, String> meta = stored.userMetadata();
        String version = meta.get(META_VERSION);
        if (version == null) {
            return null;
        }
        Map<String, String> user = new TreeMap<>(meta);
        user.keySet().removeIf(k -> k.startsWith("stowage-"));
        String modified = meta.get(META_MODIFIED);
        String etag = version.startsWith("etag:") ? version.substring(5) : null;
        BlobInfo info = BlobInfo.builder(key).size(stored.size()).etag(etag)
                .lastModified(modified == null ? null : Instant.ofEpochMilli(Long.parseLong(modified)))
                .contentType(stored.contentType()).cacheControl(stored.cacheControl()).userMetadata(user).build();
        String storedAt = meta.get(META_STORED);
        long storedMillis = storedAt == null ? found.storedAtMillis : Long.parseLong(storedAt);
        return new CacheEntry(found.cacheKey, found.size, info, version, storedMillis, NEVER);
    }

    /** Lists the entries of a cache store as index entries whose metadata is read on first use. */
    static void restore(BlobStore cache, long nowMillis, Consumer<CacheEntry> into) {
        try (Stream<ListEntry> entries = cache.list(ListOptions.prefix(ORIGINALS))) {
            entries.filter(e -> !e.isPrefix()).forEach(e -> {
                BlobInfo info = e.info();
                long stored = info.lastModified() == null ? nowMillis : info.lastModified().toEpochMilli();
                into.accept(new CacheEntry(e.key(), info.size(), null, null, stored, NEVER));
            });
        } catch (StorageException e) {
            // An unreadable cache starts empty; entries it held are overwritten as they are filled again.
        }
    }

    /** A stream over an entry held in memory, cut to {@code range} like a store would. */
    static BlobInputStream fromMemory(byte[] bytes, BlobInfo info, String store, String key, ByteRange range) {
        if (range == null) {
            return new BlobInputStream(new ByteArrayInputStream(bytes), info, null);
        }
        if (range.offset() >= bytes.length && bytes.length > 0) {
            throw StorageException.builder(ErrorCode.INVALID_ARGUMENT, "range " + range + " starts past the end ("
                    + bytes.length + " bytes)").store(store).operation(Operation.GET).key(key).build();
        }
        int from = (int) Math.min(range.offset(), bytes.length);
        return new BlobInputStream(new ByteArrayInputStream(bytes, from, (int) range.lengthWithin(bytes.length)),
                info, range);
    }
}
