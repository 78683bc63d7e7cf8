package dev.stowage.internal;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/** A minimal driver over a map, for testing the portable layer's own behaviour. */
class MemoryDriver implements BlobStoreDriver {
    final Map<String, byte[]> data = new ConcurrentSkipListMap<>(KeyOrder.UTF8);
    final AtomicInteger listCalls = new AtomicInteger();
    int truncateReadsTo = -1;
    boolean serverSideCopy = true;
    /** Reports the MD5 of what it stored, as an S3-like server does. */
    boolean reportMd5;
    /** Stores the content with its first byte changed, as a server that mangles uploads does. */
    boolean mangleWrites;
    /** Reads a put's content once to hash it and then again to store it, as an SDK signing a body does. */
    boolean readsTwice;
    final AtomicInteger deletes = new AtomicInteger();
    /** List calls (counted from 1) that fail with a retryable UNAVAILABLE. */
    final java.util.Set<Integer> failingListCalls = java.util.concurrent.ConcurrentHashMap.newKeySet();

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).serverSideCopy(serverSideCopy)
                .digests(reportMd5 ? java.util.Set.of(dev.stowage.DigestAlgorithm.MD5) : java.util.Set.of()).build();
    }

    @Override
    public java.util.Set<dev.stowage.DigestAlgorithm> putDigests(long length) {
        return capabilities().digests();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) throws Exception {
        if (readsTwice) {
            try (InputStream in = content.open()) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        try (InputStream in = content.open()) {
            byte[] b = in.readAllBytes();
            if (mangleWrites && b.length > 0) {
                b[0] ^= 1;
            }
            data.put(key, b);
            return info(key, b);
        }
    }

    private BlobInfo info(String key, byte[] b) {
        return BlobInfo.builder(key).size(b.length).etag(Integer.toHexString(java.util.Arrays.hashCode(b)))
                .digests(reportMd5 ? dev.stowage.Digests.of(dev.stowage.DigestAlgorithm.MD5,
                        dev.stowage.DigestAlgorithm.MD5.hex(b, 0, b.length)) : dev.stowage.Digests.none())
                .build();
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        byte[] b = data.get(key);
        if (b == null) {
            throw StorageException.of(ErrorCode.NOT_FOUND, "missing");
        }
        int off = range == null ? 0 : (int) Math.min(range.offset(), b.length);
        int len = range == null ? b.length : (int) range.lengthWithin(b.length);
        if (truncateReadsTo >= 0) {
            len = Math.min(len, truncateReadsTo);
        }
        return new BlobInputStream(new ByteArrayInputStream(b, off, len), info(key, b), range);
    }

    @Override
    public BlobInfo stat(String key) {
        byte[] b = data.get(key);
        if (b == null) {
            throw StorageException.of(ErrorCode.NOT_FOUND, "missing");
        }
        return info(key, b);
    }

    @Override
    public ListPage list(ListOptions options, String pageToken) {
        if (failingListCalls.contains(listCalls.incrementAndGet())) {
            throw StorageException.of(ErrorCode.UNAVAILABLE, "injected listing failure");
        }
        String after = pageToken != null ? pageToken : options.startAfter();
        List<ListEntry> out = new ArrayList<>();
        String lastPrefix = null;
        for (Map.Entry<String, byte[]> e : data.entrySet()) {
            String k = e.getKey();
            if (!k.startsWith(options.prefix()) || !KeyOrder.isAfter(k, after)) {
                continue;
            }
            if (options.delimiter() != null) {
                int d = k.indexOf('/', options.prefix().length());
                if (d >= 0) {
                    String p = k.substring(0, d + 1);
                    if (!p.equals(lastPrefix) && KeyOrder.isAfter(p, after)) {
                        out.add(ListEntry.ofPrefix(p));
                        lastPrefix = p;
                    }
                    if (out.size() == options.pageSize()) {
                        return new ListPage(out, p + "\uFFFF");
                    }
                    continue;
                }
            }
            out.add(ListEntry.ofBlob(info(k, e.getValue())));
            if (out.size() == options.pageSize()) {
                return new ListPage(out, k);
            }
        }
        return new ListPage(out, null);
    }

    @Override
    public void delete(String key) {
        deletes.incrementAndGet();
        data.remove(key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        byte[] b = data.get(sourceKey);
        if (b == null) {
            throw StorageException.of(ErrorCode.NOT_FOUND, "missing");
        }
        data.put(targetKey, b);
        return info(targetKey, b);
    }

    @Override
    public void close() {
    }
}
