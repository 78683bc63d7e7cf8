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

    public long calls(Operation op) {
        return calls.get(op).sum();
    }

    public long totalNanos(Operation op) {
        return nanos.get(op).sum();
    }

    public long failures(ErrorCode code) {
        return failures.get(code).sum();
    }

    /** Non-zero counters as {@code get.calls=3 get.ms=12 failures.NOT_FOUND=1}. */
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
        for (ErrorCode code : ErrorCode.values()) {
            long f = failures(code);
            if (f > 0) {
                sb.append("failures.").append(code).append('=').append(f).append(' ');
            }
        }
        return sb.toString().strip();
    }
}
