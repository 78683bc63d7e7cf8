package dev.stowage.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.ListOptions;
import dev.stowage.StorageException;
import dev.stowage.layer.Layers;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.OutputStream;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MicrometerStoreListenerTest {
    @TempDir
    Path root;

    SimpleMeterRegistry registry;
    BlobStore store;
    String name;

    @BeforeEach
    void open() {
        registry = new SimpleMeterRegistry();
        store = MicrometerStoreListener.observe(BlobStores.open(root.toUri().toString()), registry);
        name = store.name();
    }

    @AfterEach
    void close() {
        store.close();
        registry.close();
    }

    @Test
    void successfulCallsAreTimedByOperationWithNoError() {
        store.put("a.txt", new byte[10]);
        store.put("b.txt", new byte[20]);
        store.stat("a.txt");
        assertThat(store.list(ListOptions.builder().build()).count()).isEqualTo(2);

        assertThat(calls("put", "success", "none").count()).isEqualTo(2);
        assertThat(calls("stat", "success", "none").count()).isEqualTo(1);
        assertThat(calls("list", "success", "none").count()).isEqualTo(1);
        assertThat(calls("put", "success", "none").totalTime(java.util.concurrent.TimeUnit.NANOSECONDS))
                .isPositive();
    }

    @Test
    void failuresAreTaggedWithTheirErrorCode() {
        assertThatThrownBy(() -> store.stat("missing.txt")).isInstanceOfSatisfying(StorageException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.NOT_FOUND));
        assertThatThrownBy(() -> store.get("missing.txt")).isInstanceOf(StorageException.class);

        assertThat(calls("stat", "failure", "NOT_FOUND").count()).isEqualTo(1);
        assertThat(calls("get", "failure", "NOT_FOUND").count()).isEqualTo(1);
        assertThat(registry.find(MicrometerStoreListener.CALLS).tag("outcome", "success").timers()).isEmpty();
    }

    @Test
    void bytesWrittenAndReadAreSummedByDirection() throws Exception {
        store.put("photo.jpg", new byte[5000]);
        store.put("small.txt", new byte[7]);
        try (BlobInputStream in = store.get("photo.jpg")) {
            in.transferTo(OutputStream.nullOutputStream());
        }
        try (BlobInputStream in = store.get("photo.jpg", ByteRange.of(0, 100))) {
            in.transferTo(OutputStream.nullOutputStream());
        }

        DistributionSummary written = bytes("write");
        assertThat(written.count()).isEqualTo(2);
        assertThat(written.totalAmount()).isEqualTo(5007);
        DistributionSummary read = bytes("read");
        assertThat(read.count()).isEqualTo(2);
        assertThat(read.totalAmount()).isEqualTo(5100);
        assertThat(read.getId().getBaseUnit()).isEqualTo("bytes");
        assertThat(registry.find(MicrometerStoreListener.STREAM_FAILURES).counters()).isEmpty();
    }

    @Test
    void commonTagsAreAddedToEveryMeter() {
        try (BlobStore tagged = Layers.observed(BlobStores.open(root.resolve("other").toUri().toString()),
                new MicrometerStoreListener(registry, Tags.of("app", "gallery")))) {
            tagged.put("k", new byte[3]);
        }

        assertThat(registry.get(MicrometerStoreListener.CALLS).tag("app", "gallery").tag("operation", "put").timer()
                .count()).isEqualTo(1);
        assertThat(registry.get(MicrometerStoreListener.BYTES).tag("app", "gallery").summary().totalAmount())
                .isEqualTo(3);
    }

    private Timer calls(String operation, String outcome, String error) {
        return registry.get(MicrometerStoreListener.CALLS).tag("store", name).tag("operation", operation)
                .tag("outcome", outcome).tag("error", error).timer();
    }

    private DistributionSummary bytes(String direction) {
        return registry.get(MicrometerStoreListener.BYTES).tag("store", name).tag("direction", direction).summary();
    }
}
