package dev.stowage.spi;

import dev.stowage.DigestAlgorithm;
import dev.stowage.Digests;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Digests of a byte stream computed beside the thread that moves the bytes: bytes are copied into chunks, and each
 * full chunk is hashed on a shared pool while the caller goes on reading or sending, so a transfer costs about the
 * longer of moving and hashing instead of their sum (MD5 runs at well under 1 GB/s on one core). Streams shorter
 * than one chunk are hashed on the caller's thread, where a hand-off would cost more than it saves. At most a few
 * chunks per stream wait to be hashed, so memory stays bounded when hashing is the slower side.
 * Not thread-safe: one writer.
 */
final class BackgroundDigests {
    private static final int CHUNK = 256 * 1024;
    private static final int MAX_PENDING = 8;
    private static final ExecutorService POOL = Executors.newCachedThreadPool(new java.util.concurrent.ThreadFactory() {
        private final AtomicInteger n = new AtomicInteger();

        @Override
        public Thread newThread(Runnable r) {
            Thread t = new Thread(r, "stowage-digest-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        }
    });

    private final Map<DigestAlgorithm, DigestAlgorithm.Hasher> hashers = new EnumMap<>(DigestAlgorithm.class);
    private final Semaphore pending = new Semaphore(MAX_PENDING);
    private byte[] chunk = new byte[0];
    private int filled;
    private CompletableFuture<Void> tail;
    private Digests result;

    BackgroundDigests(Set<DigestAlgorithm> algorithms) {
        for (DigestAlgorithm a : algorithms) {
            hashers.put(a, a.newHasher());
        }
    }

    boolean isEmpty() {
        return hashers.isEmpty();
    }

    void update(byte[] b, int off, int len) {
        if (hashers.isEmpty()) {
            return;
        }
        while (len > 0) {
            if (filled == chunk.length) {
                if (filled > 0) {
                    submit();
                }
                chunk = new byte[CHUNK];
                filled = 0;
            }
            int n = Math.min(len, chunk.length - filled);
            System.arraycopy(b, off, chunk, filled, n);
            filled += n;
            off += n;
            len -= n;
        }
    }

    private void submit() {
        byte[] full = chunk;
        int length = filled;
        pending.acquireUninterruptibly();
        Runnable hash = () -> {
            try {
                hashAll(full, length);
            } finally {
                pending.release();
            }
        };
        tail = tail == null ? CompletableFuture.runAsync(hash, POOL) : tail.thenRunAsync(hash, POOL);
    }

    private void hashAll(byte[] data, int length) {
        for (DigestAlgorithm.Hasher h : hashers.values()) {
            h.update(data, 0, length);
        }
    }

    /** The digests of everything passed to {@link #update}; waits for the chunks still being hashed. */
    Digests finish() {
        if (result == null) {
            if (tail != null) {
                tail.join();
            }
            hashAll(chunk, filled);
            EnumMap<DigestAlgorithm, String> values = new EnumMap<>(DigestAlgorithm.class);
            hashers.forEach((a, h) -> values.put(a, HexFormat.of().formatHex(h.finish())));
            result = new Digests(values);
            chunk = null;
        }
        return result;
    }
}
