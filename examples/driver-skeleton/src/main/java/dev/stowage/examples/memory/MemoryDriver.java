package dev.stowage.examples.memory;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.spi.BlobStoreDriver;
import dev.stowage.spi.KeyOrder;
import dev.stowage.spi.ListPage;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentNavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A driver over maps held in memory, one per bucket name, shared by every store opened on that bucket. A driver is
 * translation only: the backend's call in, portable values and {@link ErrorCode}s out. Here the "backend" is a map,
 * so each method is a few lines; a real driver calls its SDK in the same places.
 */
final class MemoryDriver implements BlobStoreDriver {
    /** What the backend stores for one key. */
    private record Stored(byte[] bytes, BlobInfo info) {
    }

    private static final Map<String, ConcurrentNavigableMap<String, Stored>> BUCKETS = new ConcurrentHashMap<>();
    private static final AtomicLong VERSIONS = new AtomicLong();

    private final ConcurrentNavigableMap<String, Stored> objects;
    private final long maxBytes;

    MemoryDriver(ConcurrentNavigableMap<String, Stored> objects, long maxBytes) {
        this.objects = objects;
        this.maxBytes = maxBytes;
    }

    static ConcurrentNavigableMap<String, Stored> bucket(String name) {
        // keys in UTF-8 byte order, the order every driver lists in
        return BUCKETS.computeIfAbsent(name, n -> new ConcurrentSkipListMap<>(KeyOrder.UTF8));
    }

    /** What the backend does natively; the portable layer fills the gaps or refuses with UNSUPPORTED. */
    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(true).conditionalPut(true)
                .userMetadata(true).contentType(true).cacheControl(true).build();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readNBytes((int) Math.min(maxBytes + 1, Integer.MAX_VALUE - 8));
        }
        if (bytes.length > maxBytes) {
            throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "the object is larger than maxBytes=" + maxBytes
                    + "; raise the maxBytes option");
        }
        BlobInfo info = BlobInfo.builder(key).size(bytes.length).etag(Long.toString(VERSIONS.incrementAndGet()))
                .lastModified(Instant.now()).contentType(options.contentType()).cacheControl(options.cacheControl())
                .userMetadata(options.metadata()).build();
        Stored stored = new Stored(bytes, info);
        // a conditional write checks and writes as one step, as a server does
        Stored previous = objects.compute(key, (k, current) -> {
            if ("*".equals(options.ifNoneMatch()) && current != null) {
                return current;
            }
            if (options.ifMatch() != null && (current == null || !current.info().etag().equals(options.ifMatch()))) {
                return current;
            }
            return stored;
        });
        if (previous != stored) {
            throw StorageException.of(ErrorCode.PRECONDITION_FAILED, options.ifMatch() != null
                    ? "the object is not at version " + options.ifMatch() : "an object exists under the key");
        }
        return info;
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        Stored s = found(key);
        int size = s.bytes().length;
        int offset = range == null ? 0 : (int) Math.min(range.offset(), size);
        int length = range == null ? size : (int) range.lengthWithin(size);
        return new BlobInputStream(new ByteArrayInputStream(s.bytes(), offset, length), s.info(), range);
    }

    @Override
    public BlobInfo stat(String key) {
        return found(key).info();
    }

    /** One page: the portable layer asks for the next one with the token, and merges and orders nothing itself. */
    @Override
    public ListPage list(ListOptions options, String pageToken) {
        String after = pageToken != null ? pageToken : options.startAfter();
        String prefix = options.prefix();
        List<ListEntry> page = new ArrayList<>();
        String lastPrefix = null;
        for (Map.Entry<String, Stored> e : objects.tailMap(prefix, true).entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                break;
            }
            if (!KeyOrder.isAfter(key, after)) {
                continue;
            }
            if (options.delimiter() != null) {
                int d = key.indexOf(options.delimiter(), prefix.length());
                if (d >= 0) {
                    String common = key.substring(0, d + options.delimiter().length());
                    if (!common.equals(lastPrefix) && KeyOrder.isAfter(common, after)) {
                        page.add(ListEntry.ofPrefix(common));
                        lastPrefix = common;
                        if (page.size() == options.pageSize()) {
                            return new ListPage(page, common + Character.MAX_VALUE); // past every key under it
                        }
                    }
                    continue;
                }
            }
            page.add(ListEntry.ofBlob(e.getValue().info()));
            if (page.size() == options.pageSize()) {
                return new ListPage(page, key);
            }
        }
        return new ListPage(page, null);
    }

    @Override
    public void delete(String key) {
        objects.remove(key); // a missing key is not an error
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        Stored s = found(sourceKey);
        BlobInfo from = s.info();
        BlobInfo info = BlobInfo.builder(targetKey).size(from.size()).etag(Long.toString(VERSIONS.incrementAndGet()))
                .lastModified(Instant.now()).contentType(from.contentType()).cacheControl(from.cacheControl())
                .userMetadata(from.userMetadata()).build();
        objects.put(targetKey, new Stored(s.bytes(), info));
        return info;
    }

    private Stored found(String key) {
        Stored s = objects.get(key);
        if (s == null) {
            throw StorageException.of(ErrorCode.NOT_FOUND, "no object under the key");
        }
        return s;
    }

    @Override
    public void close() {
        // nothing to release: the bucket outlives its clients, as a server's would
    }
}
