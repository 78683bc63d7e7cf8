package dev.stowage.gateway.internal;

import java.util.Map;

/**
 * A complete answer to a request, independent of the server that writes it: status, headers and body.
 *
 * @param status  the HTTP status
 * @param headers header names to values, in the order they are sent
 * @param body    the body
 */
public record Answer(int status, Map<String, String> headers, Body body) {
    /** The headers map is handed over, not copied: callers build a fresh one per answer. */
    public Answer {
        java.util.Objects.requireNonNull(headers, "headers");
    }

    /** Whether the body is in memory or absent, so writing it never waits for a store. */
    public boolean inMemory() {
        return !(body instanceof Body.Stream);
    }
}
