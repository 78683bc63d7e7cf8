package dev.stowage.layer;

import dev.stowage.BlobInfo;
import dev.stowage.BlobInputStream;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ByteRange;
import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * Reads from an ordered list of origins: the primary first, then each fallback in turn while the object is missing
 * ({@code NOT_FOUND}). This is the "origin preference list" of image CDNs: during a migration the new bucket is the
 * primary and the old one the fallback, so objects are served from wherever they are while they move.
 *
 * <ul>
 *   <li>{@code get}, {@code stat} and {@code exists} try the origins in order. Only {@code NOT_FOUND} falls
 *       through; any other failure is the answer (an origin that is down is an error, not a miss) unless
 *       {@link FallbackPolicy#unavailableFallsThrough()} also lets {@code UNAVAILABLE} fall through. When every
 *       origin lacks the object, the primary's {@code NOT_FOUND} is thrown.</li>
 *   <li>{@link #getFrom} and {@link #statFrom} also say which origin answered, for callers that must tell (an HTTP
 *       header, a cache key).</li>
 *   <li>{@code put}, {@code delete}, {@code copy}, {@code list}, {@code publicUrl}, {@code signedUrl} and
 *       {@code capabilities} are the primary's alone: new writes land in the new bucket, and a listing shows what
 *       the primary holds. A delete therefore removes the primary's copy only; a fallback may still serve the key.</li>
 * </ul>
 *
 * <p>This layer wraps whole stores, not a driver ({@link Layers#driver}): each origin is a separate store with its own
 * driver, root folder, key checks and completion, and the layer only chooses among their portable answers, so it
 * cannot sit under one portable layer. It does not re-validate keys: each origin does, once, as it is asked.
 *
 * <p>Thread-safe when its origins are. Closing it closes every origin.
 */
public final class FallbackBlobStore extends ForwardingBlobStore {
    private final List<BlobStore> origins;
    private final FallbackPolicy policy;

    /**
     * What an origin answered, and which origin it was.
     *
     * @param index  the origin's position: 0 for the primary, 1 for the first fallback, ...
     * @param origin the origin that answered
     * @param value  its answer
     * @param <T>    the answer's type
     */
    public record Answered<T>(int index, BlobStore origin, T value) {
        public Answered {
            Objects.requireNonNull(origin, "origin");
            Objects.requireNonNull(value, "value");
        }
    }

    FallbackBlobStore(List<BlobStore> origins, FallbackPolicy policy) {
        super(origins.get(0));
        this.origins = List.copyOf(origins);
        this.policy = Objects.requireNonNull(policy, "policy");
    }

    /** The origins in the order they are asked, the primary first. */
    public List<BlobStore> origins() {
        return origins;
    }

    /** The policy deciding which failures fall through. */
    public FallbackPolicy policy() {
        return policy;
    }

    /** Opens the object (or a range of it) from the first origin that has it, and says which one that was. */
    public Answered<BlobInputStream> getFrom(String key, ByteRange range) {
        return first(origin -> origin.get(key, range));
    }

    /** The object's metadata from the first origin that has it, and which one that was. */
    public Answered<BlobInfo> statFrom(String key) {
        return first(origin -> origin.stat(key));
    }

    @Override
    public BlobInputStream get(String key, ByteRange range) {
        return getFrom(key, range).value();
    }

    @Override
    public BlobInfo stat(String key) {
        return statFrom(key).value();
    }

    @Override
    public boolean exists(String key) {
        StorageException skipped = null;
        for (BlobStore origin : origins) {
            try {
                if (origin.exists(key)) {
                    return true;
                }
            } catch (StorageException e) {
                if (!fallsThrough(e)) {
                    throw e;
                }
                skipped = skipped == null ? e : skipped;
            }
        }
        if (skipped != null) {
            // no origin said yes, and at least one could not say: "absent" would be a guess
            throw skipped;
        }
        return false;
    }

    private <T> Answered<T> first(Function<BlobStore, T> call) {
        StorageException firstMiss = null;
        StorageException firstUnavailable = null;
        for (int i = 0; i < origins.size(); i++) {
            BlobStore origin = origins.get(i);
            try {
                return new Answered<>(i, origin, call.apply(origin));
            } catch (StorageException e) {
                if (e.code() == ErrorCode.NOT_FOUND) {
                    firstMiss = firstMiss == null ? e : firstMiss;
                } else if (fallsThrough(e)) {
                    firstUnavailable = firstUnavailable == null ? e : firstUnavailable;
                } else {
                    throw e;
                }
            }
        }
        // Every origin failed: an origin that could not answer may hold the object, so that is the truer answer.
        throw firstUnavailable != null ? firstUnavailable : firstMiss;
    }

    private boolean fallsThrough(StorageException e) {
        // an origin past its deadline is as unable to answer as one that is down
        return policy.unavailableFallsThrough()
                && (e.code() == ErrorCode.UNAVAILABLE || e.code() == ErrorCode.DEADLINE_EXCEEDED);
    }

    @Override
    public void close() {
        BlobStores.closeAll(origins);
    }

    @Override
    public String toString() {
        List<String> names = new ArrayList<>();
        origins.forEach(o -> names.add(o.name()));
        return "FallbackBlobStore" + names;
    }
}
