package dev.stowage.layer;

import dev.stowage.ErrorCode;
import dev.stowage.Operation;
import dev.stowage.StorageException;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;

/** Counts calls, failures by code and total time per operation; a {@link StoreListener} to pass to {@link Layers#observed}. */
public final class StoreMetrics implements StoreListener {
    private final Map<Operation, LongAdder> calls = new EnumMap<>(Operation.class);
    private final Map<Operation, LongAdder> nanos = new EnumMap<>(Operation.class);
    private final Map<ErrorCode, LongAdder> failures = new EnumMap<>(ErrorCode.class);
    private final LongAdder bytesRead = new LongAdder();
    private final LongAdder bytesWritten = new LongAdder();
    private final LongAdder streamFailures = new LongAdder();

    public StoreMetrics() {
        // Filled once so the maps are never modified after construction and reads need no lock.
        for (Operation op : Operation.values()) {
            calls.put(op, new LongAdder());
            nanos.put(op, new LongAdder());
        }
        for (ErrorCode c : ErrorCode.values()) {
            failures.put(c, new LongAdder());
        }
    }

    @Override
    public void onCall(String store, Operation op, String key, long elapsedNanos, StorageException failure) {
        calls.get(op).increment();
        nanos.get(op).add(elapsedNanos);
        if (failure != null) {
            failures.get(failure.code()).increment();
        }
    }

    /** Counts the bytes read; a failed read also counts under {@link #failures} and {@link #streamFailures}. */
    @Override
    public void onStreamEnd(String store, String key, long bytes, long elapsedNanos, StorageException failure) {
        bytesRead.add(bytes);
        if (failure != null) {
            streamFailures.increment();
            failures.get(failure.code()).increment();
        }
    }

    @Override
    public void onWrite(String store, String key, long bytes) {
        bytesWritten.add(bytes);
    }

    /** Bytes stored by successful puts. */
    public long bytesWritten() {
        return bytesWritten.sum();
    }

    /** Bytes read from the content streams of gets, failed ones included. */
    public long bytesRead() {
        return bytesRead.sum();
    }

    /** Content streams whose reading failed after their get had returned. */
    public long streamFailures() {
        return streamFailures.sum();
    }

    public long calls(Operation op) {
        return calls.get(op).sum();
    }

    public long totalNanos(Operation op) {
        return nanos.get(op).sum();
    }

    public long failures(ErrorCode code) {
        return failures.get(code).sum();
    }

    /** Non-zero counters as {@code get.calls=3 get.ms=12 get.bytes=4096 put.bytes=10 failures.NOT_FOUND=1}. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        for (Operation op : Operation.values()) {
            long c = calls(op);
            if (c > 0) {
                String name = op.name().toLowerCase(java.util.Locale.ROOT);
                sb.append(name).append(".calls=").append(c).append(' ')
                        .append(name).append(".ms=").append(totalNanos(op) / 1_000_000).append(' ');
            }
        }
        if (bytesRead() > 0) {
            sb.append("get.bytes=").append(bytesRead()).append(' ');
        }
        if (bytesWritten() > 0) {
            sb.append("put.bytes=").append(bytesWritten()).append(' ');
        }
        if (streamFailures() > 0) {
            sb.append("get.streamFailures=").append(streamFailures()).append(' ');
        }
        for (ErrorCode code : ErrorCode.values()) {
            long f = failures(code);
            if (f > 0) {
                sb.append("failures.").append(code).append('=').append(f).append(' ');
            }
        }
        return sb.toString().strip();
    }
}
