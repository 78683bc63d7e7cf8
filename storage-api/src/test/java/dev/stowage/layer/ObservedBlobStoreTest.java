package dev.stowage.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ObservedBlobStoreTest {
    record StreamEnd(String store, String key, long bytes, StorageException failure) {
    }

    /** Records stream ends and counts them into metrics. */
    static final class Recorder implements StoreListener {
        final List<StreamEnd> ends = new CopyOnWriteArrayList<>();
        final StoreMetrics metrics = new StoreMetrics();

        @Override
        public void onCall(String store, Operation op, String key, long nanos, StorageException failure) {
            metrics.onCall(store, op, key, nanos, failure);
        }

        @Override
        public void onStreamEnd(String store, String key, long bytes, long nanos, StorageException failure) {
            ends.add(new StreamEnd(store, key, bytes, failure));
            metrics.onStreamEnd(store, key, bytes, nanos, failure);
        }
    }

    @Test
    void aStreamReadToItsEndAndClosedReportsItsBytesOnce() throws Exception {
        MemoryStore memory = new MemoryStore();
        memory.put("k", new byte[100_000]);
        Recorder recorder = new Recorder();
        BlobStore store = Layers.observed(memory, recorder);

        try (BlobInputStream in = store.get("k")) {
            assertThat(in.info().size()).isEqualTo(100_000);
            assertThat(in.transferTo(OutputStream.nullOutputStream())).isEqualTo(100_000);
            assertThat(recorder.ends).isEmpty(); // not before the stream ends
        }

        assertThat(recorder.ends).containsExactly(new StreamEnd("memory", "k", 100_000, null));
        assertThat(recorder.metrics.calls(Operation.GET)).isEqualTo(1);
        assertThat(recorder.metrics.bytesRead()).isEqualTo(100_000);
        assertThat(recorder.metrics.toString()).contains("get.calls=1", "get.bytes=100000");
    }

    @Test
    void aRangeClosedEarlyReportsOnlyWhatWasRead() throws Exception {
        MemoryStore memory = new MemoryStore();
        memory.put("k", new byte[1000]);
        Recorder recorder = new Recorder();
        BlobStore store = Layers.observed(memory, recorder);

        try (BlobInputStream in = store.get("k", ByteRange.of(100, 500))) {
            assertThat(in.range()).isEqualTo(ByteRange.of(100, 500));
            assertThat(in.readNBytes(10)).hasSize(10);
        }

        assertThat(recorder.ends).containsExactly(new StreamEnd("memory", "k", 10, null));
    }

    @Test
    void aReadFailingAfterTheGetReturnedIsReportedWithItsCode() {
        BlobInfo info = BlobInfo.builder("k").size(1000).etag("v1").build();
        InputStream breaking = new SequenceInputStream(new ByteArrayInputStream(new byte[300]), new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        });
        BlobStore broken = new ForwardingBlobStore(new MemoryStore()) {
            @Override
            public BlobInputStream get(String key, ByteRange range) {
                return new BlobInputStream(breaking, info, null);
            }
        };
        Recorder recorder = new Recorder();
        BlobStore store = Layers.observed(broken, recorder);

        assertThatThrownBy(() -> {
            try (BlobInputStream in = store.get("k")) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessage("connection reset");

        // the failure once, with the bytes read before it; the close that followed adds no second report
        assertThat(recorder.ends).hasSize(1);
        StreamEnd end = recorder.ends.get(0);
        assertThat(end.bytes()).isEqualTo(300);
        assertThat(end.failure().code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(recorder.metrics.calls(Operation.GET)).isEqualTo(1);
        assertThat(recorder.metrics.streamFailures()).isEqualTo(1);
        assertThat(recorder.metrics.failures(ErrorCode.UNAVAILABLE)).isEqualTo(1);
    }

    @Test
    void aFailedGetReportsTheCallAndNoStream() {
        Recorder recorder = new Recorder();
        BlobStore store = Layers.observed(new MemoryStore(), recorder);

        assertThatThrownBy(() -> store.get("missing")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));

        assertThat(recorder.ends).isEmpty();
        assertThat(recorder.metrics.failures(ErrorCode.NOT_FOUND)).isEqualTo(1);
    }

    @Test
    void aSuccessfulPutReportsTheStoredSizeAndAFailedOneNothing() {
        StoreMetrics metrics = new StoreMetrics();
        BlobStore refusing = new ForwardingBlobStore(new MemoryStore()) {
            @Override
            public BlobInfo put(String key, dev.stowage.ContentSource content, dev.stowage.PutOptions options) {
                if (key.startsWith("denied/")) {
                    throw StorageException.of(ErrorCode.PERMISSION_DENIED, "read-only folder");
                }
                return super.put(key, content, options);
            }
        };
        BlobStore store = Layers.observed(refusing, metrics);

        store.put("k", new byte[1234]);
        assertThatThrownBy(() -> store.put("denied/k", new byte[10])).isInstanceOf(StorageException.class);

        assertThat(metrics.bytesWritten()).isEqualTo(1234);
        assertThat(metrics.calls(Operation.PUT)).isEqualTo(2);
        assertThat(metrics.failures(ErrorCode.PERMISSION_DENIED)).isEqualTo(1);
        assertThat(metrics.toString()).contains("put.bytes=1234");
    }
}
