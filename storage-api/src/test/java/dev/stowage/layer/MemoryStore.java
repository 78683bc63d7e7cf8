package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.Capabilities;
import dev.stowage.ContentSource;
import dev.stowage.ErrorCode;
import dev.stowage.ListEntry;
import dev.stowage.ListOptions;
import dev.stowage.PutOptions;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/** A store in memory that counts its calls and can be made slow, for testing layers. */
final class MemoryStore implements BlobStore {
    private record Stored(byte[] bytes, BlobInfo info) {
    }

    private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
    private final AtomicLong versions = new AtomicLong();
    final AtomicInteger gets = new AtomicInteger();
    final AtomicInteger stats = new AtomicInteger();
    volatile long getDelayMillis;
    /** When set, every read (get, stat, exists) fails with this code, as a store that is down would. */
    volatile ErrorCode failReadsWith;

    @Override
    public String name() {
        return "memory";
    }

    @Override
    public Capabilities capabilities() {
        return Capabilities.builder().rangeRead(true).userMetadata(true).contentType(true).cacheControl(true).build();
    }

    @Override
    public BlobInfo put(String key, ContentSource content, PutOptions options) {
        byte[] bytes;
        try (InputStream in = content.open()) {
            bytes = in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        BlobInfo info = BlobInfo.builder(key).size(bytes.length).etag("v" + versions.incrementAndGet())
                .lastModified(Instant.ofEpochSecond(1_700_000_000L + versions.get()))
                .contentType(options.contentType()).cacheControl(options.cacheControl())
                .userMetadata(options.metadata()).build();
        objects.put(key, new Stored(bytes, info));
        return info;
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        gets.incrementAndGet();
        failIfAsked(key);
        if (getDelayMillis > 0) {
            try {
                Thread.sleep(getDelayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        Stored s = find(key);
        byte[] bytes = s.bytes();
        if (range != null) {
            if (range.offset() >= bytes.length && bytes.length > 0) {
                throw StorageException.of(ErrorCode.INVALID_ARGUMENT, "range starts past the end");
            }
            int from = (int) range.offset();
            bytes = Arrays.copyOfRange(bytes, from, from + (int) range.lengthWithin(bytes.length));
        }
        return new BlobInputStream(new ByteArrayInputStream(bytes), s.info(), range);
    }

    @Override
    public BlobInfo stat(String key) {
        stats.incrementAndGet();
        failIfAsked(key);
        return find(key).info();
    }

    private void failIfAsked(String key) {
        ErrorCode code = failReadsWith;
        if (code != null) {
            throw StorageException.builder(code, "failing as asked").key(key).build();
        }
    }

    private Stored find(String key) {
        Stored s = objects.get(key);
        if (s == null) {
            throw StorageException.builder(ErrorCode.NOT_FOUND, "no such object").key(key).build();
        }
        return s;
    }

    @Override
    public boolean exists(String key) {
        failIfAsked(key);
        return objects.containsKey(key);
    }

    @Override
    public Stream<ListEntry> list(ListOptions options) {
        String prefix = options.prefix() == null ? "" : options.prefix();
        return objects.entrySet().stream().filter(e -> e.getKey().startsWith(prefix))
                .map(e -> ListEntry.ofBlob(e.getValue().info()));
    }

    @Override
    public void delete(String key) {
        objects.remove(key);
    }

    @Override
    public BlobInfo copy(String sourceKey, String targetKey) {
        Stored s = find(sourceKey);
        return put(targetKey, ContentSource.ofBytes(s.bytes()), PutOptions.defaults());
    }

    @Override
    public URI publicUrl(String key) {
        throw StorageException.of(ErrorCode.UNSUPPORTED, "no public URL");
    }

    @Override
    public URI signedUrl(String key, SignedUrlOptions options) {
        throw StorageException.of(ErrorCode.UNSUPPORTED, "no signed URL");
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
        return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }

    @Override
    public void close() {
    }
}
