package dev.stowage.gateway.internal;

/**
 * A request as the gateway sees it, whichever server carries it (Jetty's core API or a Servlet container).
 * The path and query are raw: still percent-encoded, as the client sent them.
 */
public interface Exchange {
    /** The method, e.g. {@code GET}. */
    String method();

    /** The raw path below where the gateway is mounted, starting with {@code /}. */
    String path();

    /** The raw query without {@code ?}, or {@code null}. */
    String query();

    /** The first value of a request header, or {@code null}. */
    String header(String name);
}
