package dev.stowage.layer;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Runs one piece of work per key at a time: callers arriving while it runs wait for it and share its result or
 * its exception instead of repeating it. Thread-safe.
 *
 * @param <T> the result of the work
 */
final class SingleFlight<T> {
    private final ConcurrentHashMap<String, CompletableFuture<T>> running = new ConcurrentHashMap<>();

    /**
     * Runs {@code work} unless it is already running for {@code key}, in which case waits for that run.
     *
     * @param forWaiters turns the leader's result into what a waiting caller gets (results that only the leader
     *                   may use, such as an open stream, are replaced)
     */
    T run(String key, Supplier<T> work, UnaryOperator<T> forWaiters) {
        CompletableFuture<T> mine = new CompletableFuture<>();
        CompletableFuture<T> other = running.putIfAbsent(key, mine);
        if (other != null) {
            try {
                return forWaiters.apply(other.join());
            } catch (CompletionException e) {
                throw unwrap(e.getCause());
            }
        }
        try {
            T result = work.get();
            mine.complete(result);
            return result;
        } catch (RuntimeException | Error e) {
            mine.completeExceptionally(e);
            throw e;
        } finally {
            running.remove(key, mine);
        }
    }

    private static RuntimeException unwrap(Throwable t) {
        if (t instanceof RuntimeException re) {
            return re;
        }
        if (t instanceof Error err) {
            throw err;
        }
        return new IllegalStateException(t);
    }
}
