package dev.stowage.gateway.internal;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.layer.CachePolicy;
import dev.stowage.layer.CacheStats;
import dev.stowage.layer.CachedBlobStore;
import dev.stowage.layer.Layers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's originals: each configured store behind a deadline and its own read-through cache (a private
 * folder per store), plus a memory of the versions last seen, so that a request whose answer needs no I/O can be
 * planned without any. Thread-safe: the maps are fixed at construction or concurrent.
 */
public final class Sources implements AutoCloseable {
    /** A version memory larger than this is dropped whole: cheaper than LRU bookkeeping on every request. */
    private static final int MAX_REMEMBERED = 100_000;

    private final Map<String, CachedBlobStore> stores = new LinkedHashMap<>();
    private final ConcurrentHashMap<SourceRef, Seen> seen = new ConcurrentHashMap<>();
    private final long trustMillis;
    private final Clock clock;

    private record Seen(BlobInfo info, long checkedAtMillis) {
    }

    public Sources(Map<String, BlobStore> origins, Path cacheDir, long cacheBytes, long maxEntryBytes,
                   Duration originTimeout, Duration revalidateAfter, Clock clock) {
        this.trustMillis = revalidateAfter.toMillis();
        this.clock = clock;
        long perStore = Math.max(1, cacheBytes / Math.max(1, origins.size()));
        CachePolicy policy = CachePolicy.builder().maxBytes(perStore).maxEntryBytes(Math.min(perStore, maxEntryBytes))
                .revalidateAfter(revalidateAfter).build();
        try {
            origins.forEach((name, origin) -> {
                Path folder = PrivateFolder.ensure(cacheDir.resolve("originals").resolve(folderName(name)));
                BlobStore cache = BlobStores.open(folder.toUri().toString());
                stores.put(name, Layers.cached(Layers.timeout(origin, originTimeout), cache, policy));
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
    }

    /** A folder name per store that no store name can turn into a path. */
    private static String folderName(String store) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(store.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every Java platform", e);
        }
    }

    public boolean has(String store) {
        return stores.containsKey(store);
    }

    public Set<String> names() {
        return stores.keySet();
    }

    /**
     * The original's metadata: from memory while the version seen last is trusted, else from the (cached) store.
     *
     * @throws NeedsIo under {@link Policy#NO_IO} when the store must be asked
     */
    BlobInfo stat(SourceRef ref, Policy policy) {
        Seen s = seen.get(ref);
        if (s != null && clock.millis() - s.checkedAtMillis < trustMillis) {
            return s.info;
        }
        NeedsIo.unless(false, policy);
        return remember(ref, store(ref).stat(ref.key()));
    }

    /**
     * Opens the original (or a range of it). The stream's {@link BlobInputStream#info()} describes exactly the
     * bytes it carries; when {@code expected} is given, a read of any other version is closed and refused.
     *
     * @throws SourceChanged when the store holds another version than {@code expected}
     */
    BlobInputStream open(SourceRef ref, ByteRange range, Version expected) {
        BlobInputStream in = store(ref).get(ref.key(), range);
        remember(ref, in.info());
        if (expected != null && !Version.of(in.info()).equals(expected)) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing read; the refusal is what matters
            }
            throw new SourceChanged(ref);
        }
        return in;
    }

    private BlobInfo remember(SourceRef ref, BlobInfo info) {
        if (seen.size() > MAX_REMEMBERED) {
            seen.clear();
        }
        seen.put(ref, new Seen(info, clock.millis()));
        return info;
    }

    private CachedBlobStore store(SourceRef ref) {
        CachedBlobStore s = stores.get(ref.store());
        if (s == null) {
            throw new HttpProblem(404, "no store named '" + ref.store() + "' is served here");
        }
        return s;
    }

    /** The counters of the originals' caches, summed. */
    public CacheStats stats() {
        long h = 0, m = 0, f = 0, ev = 0, inv = 0, en = 0, b = 0, mem = 0;
        for (CachedBlobStore s : stores.values()) {
            CacheStats c = s.stats();
            h += c.hits();
            m += c.misses();
            f += c.fills();
            ev += c.evictions();
            inv += c.invalidations();
            en += c.entries();
            b += c.bytes();
            mem += c.memoryBytes();
        }
        return new CacheStats(h, m, f, ev, inv, en, b, mem);
    }

    @Override
    public void close() {
        RuntimeException first = null;
        for (CachedBlobStore s : stores.values()) {
            try {
                s.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
