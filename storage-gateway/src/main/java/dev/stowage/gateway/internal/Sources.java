package dev.stowage.gateway.internal;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.layer.CachePolicy;
import dev.stowage.layer.CacheStats;
import dev.stowage.layer.CachedBlobStore;
import dev.stowage.layer.FallbackBlobStore;
import dev.stowage.layer.FallbackPolicy;
import dev.stowage.layer.Layers;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The gateway's originals: each configured store behind a deadline and its own read-through cache (a private
 * folder per store), the routes that read from several of them in order ({@link Layers#fallback}), plus a memory of
 * the versions last seen, so that a request whose answer needs no I/O can be planned without any. Thread-safe: the
 * maps are fixed at construction or concurrent.
 */
public final class Sources implements AutoCloseable {
    /** A version memory larger than this is dropped whole: cheaper than LRU bookkeeping on every request. */
    private static final int MAX_REMEMBERED = 100_000;

    private final Map<String, CachedBlobStore> stores = new LinkedHashMap<>();
    /** Every name served (stores and routes) to what reads it; a store is a route of one origin. */
    private final Map<String, Served> served = new LinkedHashMap<>();
    private final ConcurrentHashMap<SourceRef, Seen> seen = new ConcurrentHashMap<>();
    private final long trustMillis;
    private final Clock clock;

    private record Seen(Original original, long checkedAtMillis) {
    }

    /** What a served name reads from: its origins in order, by their store names. */
    private record Served(FallbackBlobStore store, List<String> originNames, boolean routed) {
    }

    /**
     * A route over several configured stores, asked in order.
     *
     * @param origins the names of the stores, the primary first
     * @param policy  which failures fall through to the next origin
     */
    public record Route(List<String> origins, FallbackPolicy policy) {
        public Route {
            origins = List.copyOf(origins);
            java.util.Objects.requireNonNull(policy, "policy");
        }
    }

    /** An opened original and which origin it came from. */
    record Opened(Original original, BlobInputStream stream) {
    }

    public Sources(Map<String, BlobStore> origins, Map<String, Route> routes, Path cacheDir, long cacheBytes,
                   Duration maxAge, long maxEntryBytes, Duration originTimeout, Duration revalidateAfter,
                   Clock clock) {
        this.trustMillis = revalidateAfter.toMillis();
        this.clock = clock;
        long perStore = Math.max(1, cacheBytes / Math.max(1, origins.size()));
        CachePolicy policy = CachePolicy.builder().maxBytes(perStore).maxEntryBytes(Math.min(perStore, maxEntryBytes))
                .maxAge(maxAge).revalidateAfter(revalidateAfter).build();
        try {
            origins.forEach((name, origin) -> {
                Path folder = PrivateFolder.ensure(cacheDir.resolve("originals").resolve(folderName(name)));
                BlobStore cache = BlobStores.open(folder.toUri().toString());
                stores.put(name, Layers.cached(Layers.answerTimeout(origin, originTimeout), cache, policy));
            });
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        // The fallback stores are views over the cached stores above and are never closed themselves: a store may
        // be served under its own name and be an origin of several routes, and it is closed once, with `stores`.
        stores.forEach((name, store) -> served.put(name,
                new Served(Layers.fallback(List.of(store), FallbackPolicy.defaults()), List.of(name), false)));
        routes.forEach((name, route) -> {
            List<BlobStore> list = new ArrayList<>();
            route.origins().forEach(o -> list.add(stores.get(o)));
            served.put(name, new Served(Layers.fallback(list, route.policy()), route.origins(), true));
        });
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
        return served.containsKey(store);
    }

    /** The names served: stores, then routes. */
    public Set<String> names() {
        return served.keySet();
    }

    /**
     * The original's metadata and origin: from memory while the version seen last is trusted, else from the
     * (cached) stores.
     *
     * @throws NeedsIo under {@link Policy#NO_IO} when a store must be asked
     */
    Original stat(SourceRef ref, Policy policy) {
        Seen s = seen.get(ref);
        if (s != null && clock.millis() - s.checkedAtMillis < trustMillis) {
            return s.original;
        }
        NeedsIo.unless(false, policy);
        Served route = served(ref);
        FallbackBlobStore.Answered<BlobInfo> a = route.store().statFrom(ref.key());
        return remember(ref, original(route, a.index(), a.value()));
    }

    /**
     * Opens the original (or a range of it). The stream's {@link BlobInputStream#info()} describes exactly the
     * bytes it carries; when {@code expected} is given, a read of any other version (or from another origin) is
     * closed and refused.
     *
     * @throws SourceChanged when the stores hold another version than {@code expected}
     */
    Opened open(SourceRef ref, ByteRange range, Version expected) {
        Served route = served(ref);
        FallbackBlobStore.Answered<BlobInputStream> a = route.store().getFrom(ref.key(), range);
        BlobInputStream in = a.value();
        Original original = remember(ref, original(route, a.index(), in.info()));
        if (expected != null && !original.version().equals(expected)) {
            try {
                in.close();
            } catch (IOException e) {
                // nothing read; the refusal is what matters
            }
            throw new SourceChanged(ref);
        }
        return new Opened(original, in);
    }

    private static Original original(Served route, int index, BlobInfo info) {
        return new Original(route.originNames().get(index), route.routed(), info);
    }

    private Original remember(SourceRef ref, Original original) {
        if (seen.size() > MAX_REMEMBERED) {
            seen.clear();
        }
        seen.put(ref, new Seen(original, clock.millis()));
        return original;
    }

    private Served served(SourceRef ref) {
        Served s = served.get(ref.store());
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
