package dev.stowage.gateway.internal;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.StorageException;
import dev.stowage.transform.TransformException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway's cache of transformed images, in two tiers: small hot variants in memory, and every variant in a
 * {@link BlobStore} that may be a local folder or a bucket several gateways share. A variant's key names the source
 * and the exact source version it was made from, so an entry never needs invalidating: a new source version simply
 * has new keys, and old ones age out: beyond the size limit the least recently used go first, and any entry older
 * than the age limit is dropped and made again when asked for. Concurrent requests for one missing variant make it
 * once. Thread-safe.
 */
public final class VariantCache implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(VariantCache.class);
    static final String PREFIX = "v/";
    static final String META_SOURCE_VERSION = "stowage-source-version";
    private static final double LOW_WATER = 0.9;

    private final BlobStore store;
    private final long maxBytes;
    private final long maxAgeMillis;
    private final java.time.Clock clock;
    private final Memory memory;
    private final java.util.concurrent.atomic.LongAdder evictions = new java.util.concurrent.atomic.LongAdder();
    private volatile long lastSweepMillis;
    private final ConcurrentHashMap<String, Tracked> tracked = new ConcurrentHashMap<>();
    private final AtomicLong trackedBytes = new AtomicLong();
    /** Callers waiting for a variant another caller is making. */
    private final java.util.concurrent.atomic.AtomicInteger waiting = new java.util.concurrent.atomic.AtomicInteger();
    private final ConcurrentHashMap<String, CompletableFuture<Held>> flights = new ConcurrentHashMap<>();
    private final Object evictionLock = new Object();

    /** A variant's bytes and media type. */
    public record Held(byte[] bytes, String contentType) {
    }

    /** Makes a variant on a miss. */
    @FunctionalInterface
    public interface Producer {
        Held produce();
    }

    /**
     * A variant found or made.
     *
     * @param contentType its media type
     * @param body        its bytes
     * @param made        whether this request made it (a miss)
     */
    public record Found(String contentType, Body body, long length, boolean made) {
    }

    private static final class Tracked {
        final long size;
        final long storedAt;
        volatile long lastAccess;

        Tracked(long size, long storedAt, long lastAccess) {
            this.size = size;
            this.storedAt = storedAt;
            this.lastAccess = lastAccess;
        }
    }

    /**
     * A cache in {@code store} of at most {@code maxBytes}, whose entries are dropped {@code maxAge} after they were
     * stored; up to {@code memoryBytes} of entries of at most {@code memoryEntryBytes} are also held in memory.
     */
    public VariantCache(BlobStore store, long maxBytes, java.time.Duration maxAge, long memoryBytes,
                        long memoryEntryBytes, java.time.Clock clock) {
        this.store = store;
        this.maxBytes = maxBytes;
        this.maxAgeMillis = maxAge.toMillis();
        this.clock = clock;
        this.memory = new Memory(memoryBytes, memoryEntryBytes, clock);
        this.lastSweepMillis = clock.millis();
        restore();
    }

    /** The variant if it is held in memory and young enough; no I/O. */
    Held peek(String key) {
        return memory.get(key, maxAgeMillis);
    }

    /** The size of the variant if it is known without I/O, else -1. */
    long knownLength(String key) {
        Held h = peek(key);
        return h == null ? -1 : h.bytes().length;
    }

    /**
     * The variant from memory, else from the cache store, else made by {@code producer} (once for all concurrent
     * callers) and stored in both.
     */
    Found get(String key, Version sourceVersion, Producer producer) {
        Held held = peek(key);
        if (held != null) {
            return found(held, false);
        }
        Found stored = fromStore(key);
        if (stored != null) {
            return stored;
        }
        for (int attempt = 0; ; attempt++) {
            CompletableFuture<Held> mine = new CompletableFuture<>();
            CompletableFuture<Held> other = flights.putIfAbsent(key, mine);
            if (other == null) {
                try {
                    // A caller that woke from a failed flight may start its new one just after another caller's
                    // new one finished: what that made is in memory (put there before its flight ended).
                    Held again = attempt > 0 ? peek(key) : null;
                    if (again != null) {
                        mine.complete(again);
                        return found(again, false);
                    }
                    Held made = producer.produce();
                    keep(key, sourceVersion, made);
                    mine.complete(made);
                    return found(made, true);
                } catch (RuntimeException | Error e) {
                    // Gone from the flights before the waiters wake: one that tries again must start a new flight,
                    // not join this failed one again.
                    flights.remove(key, mine);
                    mine.completeExceptionally(e);
                    throw e;
                } finally {
                    flights.remove(key, mine);
                }
            }
            waiting.incrementAndGet();
            try {
                return found(other.join(), false);
            } catch (CompletionException e) {
                Throwable cause = e.getCause();
                // A refusal that depends only on the source (a corrupt image, a bad parameter) is shared; one that
                // depends on the moment (no free slot, a store timeout) is not: this caller tries on its own.
                if (attempt > 0 || cause instanceof TransformException
                        || (cause instanceof HttpProblem p && p.status() < 500)) {
                    throw cause instanceof RuntimeException re ? re : new IllegalStateException(cause);
                }
            } finally {
                waiting.decrementAndGet();
            }
        }
    }

    /** How many callers are waiting for a variant another caller is making (for tests). */
    int waiting() {
        return waiting.get();
    }

    private Found found(Held h, boolean made) {
        return new Found(h.contentType(), new Body.Bytes(h.bytes()), h.bytes().length, made);
    }

    private Found fromStore(String key) {
        BlobInputStream in;
        try {
            in = store.get(key);
        } catch (StorageException e) {
            if (e.code() != ErrorCode.NOT_FOUND) {
                LOG.debug("variant cache read of {} failed, making it again: {}", key, e.toString());
            }
            return null;
        }
        long size = in.info().size();
        java.time.Instant stored = in.info().lastModified();
        long storedAt = stored == null ? clock.millis() : stored.toEpochMilli();
        if (clock.millis() - storedAt >= maxAgeMillis) {
            // too old: made again (and stored anew) by the caller
            try {
                in.close();
            } catch (IOException e) {
                // nothing read
            }
            forget(key, true);
            return null;
        }
        touch(key, size, storedAt);
        String type = in.info().contentType() == null ? "application/octet-stream" : in.info().contentType();
        if (size <= memory.entryMax) {
            try (InputStream body = in) {
                byte[] bytes = body.readAllBytes();
                if (bytes.length != size) {
                    return null; // replaced while read: make it again rather than serve a mix
                }
                Held h = new Held(bytes, type);
                memory.put(key, h, storedAt);
                return found(h, false);
            } catch (IOException | StorageException e) {
                LOG.debug("variant cache read of {} failed, making it again: {}", key, e.toString());
                return null;
            }
        }
        return new Found(type, new Body.Stream(in, size), size, false);
    }

    private void keep(String key, Version sourceVersion, Held made) {
        memory.put(key, made, clock.millis());
        try {
            store.put(key, ContentSource.ofBytes(made.bytes()), PutOptions.builder().contentType(made.contentType())
                    .metadata(Map.of(META_SOURCE_VERSION, sourceVersion.token())).build());
            touch(key, made.bytes().length, clock.millis());
            evictIfNeeded();
            expireIfDue();
        } catch (StorageException e) {
            // Serving the variant matters more than caching it; the next request makes it again.
            LOG.debug("variant cache write of {} failed: {}", key, e.toString());
        }
    }

    private void touch(String key, long size, long storedAt) {
        long now = clock.millis();
        Tracked t = tracked.get(key);
        if (t != null && t.storedAt == storedAt) {
            t.lastAccess = now;
            return;
        }
        Tracked old = tracked.put(key, new Tracked(size, storedAt, now));
        trackedBytes.addAndGet(size - (old == null ? 0 : old.size));
    }

    /** Drops an entry from memory, the index and the cache store; counts it as evicted. */
    private void forget(String key, boolean delete) {
        Tracked t = tracked.remove(key);
        if (t != null) {
            trackedBytes.addAndGet(-t.size);
        }
        memory.remove(key);
        evictions.increment();
        if (delete) {
            try {
                store.delete(key);
            } catch (StorageException ex) {
                LOG.debug("variant cache delete of {} failed: {}", key, ex.toString());
            }
        }
    }

    /** Drops entries past the age limit, at most once a minute (or once per age limit, when that is shorter). */
    private void expireIfDue() {
        long now = clock.millis();
        if (now - lastSweepMillis < Math.min(maxAgeMillis, 60_000)) {
            return;
        }
        lastSweepMillis = now;
        synchronized (evictionLock) {
            for (Map.Entry<String, Tracked> e : new ArrayList<>(tracked.entrySet())) {
                if (now - e.getValue().storedAt >= maxAgeMillis && tracked.get(e.getKey()) == e.getValue()) {
                    forget(e.getKey(), true);
                }
            }
        }
    }

    private void evictIfNeeded() {
        if (trackedBytes.get() <= maxBytes) {
            return;
        }
        synchronized (evictionLock) {
            List<Map.Entry<String, Tracked>> all = new ArrayList<>(tracked.entrySet());
            all.sort(Comparator.comparingLong(e -> e.getValue().lastAccess));
            long target = (long) (maxBytes * LOW_WATER);
            for (Map.Entry<String, Tracked> e : all) {
                if (trackedBytes.get() <= target) {
                    break;
                }
                if (tracked.remove(e.getKey(), e.getValue())) {
                    trackedBytes.addAndGet(-e.getValue().size);
                    memory.remove(e.getKey());
                    evictions.increment();
                    try {
                        store.delete(e.getKey());
                    } catch (StorageException ex) {
                        LOG.debug("variant cache delete of {} failed: {}", e.getKey(), ex.toString());
                    }
                }
            }
        }
    }

    /** Learns what the cache store already holds (after a restart, or what other gateways made). */
    private void restore() {
        try (Stream<ListEntry> entries = store.list(ListOptions.prefix(PREFIX))) {
            entries.filter(e -> !e.isPrefix()).forEach(e -> {
                // a store that does not say when an entry was written: its age counts from now
                long at = e.info().lastModified() == null ? clock.millis() : e.info().lastModified().toEpochMilli();
                if (tracked.putIfAbsent(e.key(), new Tracked(e.info().size(), at, at)) == null) {
                    trackedBytes.addAndGet(e.info().size());
                }
            });
        } catch (StorageException e) {
            LOG.warn("cannot list the variant cache {}; starting without its index: {}", store.name(), e.toString());
        }
        evictIfNeeded();
        lastSweepMillis = Long.MIN_VALUE / 2;
        expireIfDue();
    }

    public long memoryBytes() {
        return memory.bytes();
    }

    public long storedBytes() {
        return trackedBytes.get();
    }

    /** Variants known in the cache store. */
    public long entries() {
        return tracked.size();
    }

    /** Variants dropped for size or age since start. */
    public long evictions() {
        return evictions.sum();
    }

    /** The size limit of the cache store. */
    public long maxBytes() {
        return maxBytes;
    }

    @Override
    public void close() {
        store.close();
    }

    /**
     * Small variants held in memory. Reads are lock-free (hot variants are read by every worker at once); when the
     * budget is exceeded, the least recently read entries are dropped under a lock.
     */
    private static final class Memory {
        private final long budget;
        final long entryMax;
        private final ConcurrentHashMap<String, Slot> map = new ConcurrentHashMap<>();
        private final AtomicLong bytes = new AtomicLong();
        private final Object shrinkLock = new Object();

        private final java.time.Clock clock;

        private static final class Slot {
            final Held held;
            final long storedAtMillis;
            volatile long lastRead;

            Slot(Held held, long storedAtMillis) {
                this.held = held;
                this.storedAtMillis = storedAtMillis;
                this.lastRead = System.nanoTime();
            }
        }

        Memory(long budget, long entryMax, java.time.Clock clock) {
            this.budget = budget;
            this.entryMax = Math.min(entryMax, budget);
            this.clock = clock;
        }

        /** The entry, unless it was stored {@code maxAgeMillis} ago or earlier (then it is dropped). */
        Held get(String key, long maxAgeMillis) {
            Slot s = map.get(key);
            if (s == null) {
                return null;
            }
            if (clock.millis() - s.storedAtMillis >= maxAgeMillis) {
                if (map.remove(key, s)) {
                    bytes.addAndGet(-s.held.bytes().length);
                }
                return null;
            }
            s.lastRead = System.nanoTime();
            return s.held;
        }

        void put(String key, Held h, long storedAtMillis) {
            if (h.bytes().length > entryMax) {
                return;
            }
            Slot old = map.put(key, new Slot(h, storedAtMillis));
            bytes.addAndGet(h.bytes().length - (old == null ? 0 : old.held.bytes().length));
            if (bytes.get() > budget) {
                shrink();
            }
        }

        private void shrink() {
            synchronized (shrinkLock) {
                List<Map.Entry<String, Slot>> all = new ArrayList<>(map.entrySet());
                all.sort(Comparator.comparingLong(e -> e.getValue().lastRead));
                long target = (long) (budget * LOW_WATER);
                for (Map.Entry<String, Slot> e : all) {
                    if (bytes.get() <= target) {
                        break;
                    }
                    if (map.remove(e.getKey(), e.getValue())) {
                        bytes.addAndGet(-e.getValue().held.bytes().length);
                    }
                }
            }
        }

        void remove(String key) {
            Slot old = map.remove(key);
            if (old != null) {
                bytes.addAndGet(-old.held.bytes().length);
            }
        }

        long bytes() {
            return bytes.get();
        }
    }
}
