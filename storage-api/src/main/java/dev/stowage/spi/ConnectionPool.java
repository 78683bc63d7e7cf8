package dev.stowage.spi;

import dev.stowage.ErrorCode;
import dev.stowage.StorageException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Objects;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A bounded pool of connections for drivers whose backend speaks a stateful protocol (FTP, SFTP): each
 * connection is used by one thread at a time, at most {@code max} exist at once, and an idle connection is
 * checked before it is handed out again, so a connection the server dropped while idle is replaced
 * instead of failing the caller. Thread-safe.
 *
 * @param <C> the connection type
 */
public final class ConnectionPool<C> implements AutoCloseable {

    /** Creates, checks and closes connections for a {@link ConnectionPool}. */
    public interface Connector<C> {
        /** Opens and authenticates a new connection. */
        C connect() throws Exception;

        /** Whether an idle connection still works (e.g. a NOOP round trip); must not throw. */
        boolean isUsable(C connection);

        /** Closes a connection, quietly: it is being discarded. */
        void disconnect(C connection);

        /**
         * Whether a failure of {@link #connect()} may pass if tried again soon: the server refused or reset the
         * connection before login, as servers do when many connections arrive at once (OpenSSH's
         * {@code MaxStartups} drops some unauthenticated connections). Not for refused logins or bad settings.
         */
        default boolean isTransient(Exception failure) {
            return false;
        }
    }

    /**
     * How many connections one pool opens at once. Servers limit connections still logging in (OpenSSH's stock
     * {@code MaxStartups 10:30:100} starts dropping them at 10), whatever the number of connections allowed.
     */
    static final int CONCURRENT_CONNECTS = 4;
    /** Attempts to open a connection when the failures are transient, with backoff in between. */
    static final int CONNECT_ATTEMPTS = 5;

    private final String name;
    private final Connector<C> connector;
    private final Semaphore permits;
    private final int max;
    private final Duration wait;
    private final Deque<C> idle = new ArrayDeque<>();
    private final Semaphore connecting = new Semaphore(CONCURRENT_CONNECTS, true);
    private boolean closed;

    /**
     * @param name      what the connections are to, for messages (e.g. {@code ftp://host:21})
     * @param max       how many connections may exist at once
     * @param wait      how long {@link #borrow()} waits for a free connection
     * @param connector opens, checks and closes connections
     */
    public ConnectionPool(String name, int max, Duration wait, Connector<C> connector) {
        if (max < 1) {
            throw new IllegalArgumentException("max must be at least 1, was " + max);
        }
        this.name = Objects.requireNonNull(name, "name");
        this.max = max;
        this.wait = Objects.requireNonNull(wait, "wait");
        this.connector = Objects.requireNonNull(connector, "connector");
        this.permits = new Semaphore(max, true);
    }

    /**
     * Takes a working connection: an idle one that passes {@link Connector#isUsable}, or a new one.
     * Waits up to the pool's wait time when all connections are in use.
     */
    public Lease borrow() throws Exception {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw StorageException.builder(ErrorCode.UNAVAILABLE, "interrupted while waiting for a connection to "
                    + name).cause(e).build();
        }
        if (!acquired) {
            throw StorageException.builder(ErrorCode.UNAVAILABLE, "all " + max + " connections to " + name
                    + " stayed in use for " + wait.toMillis() + " ms").retryable(true)
                    .hint("close the streams returned by get() when done, or raise maxConnections").build();
        }
        try {
            C c;
            while ((c = pollIdle()) != null) {
                if (connector.isUsable(c)) {
                    return new Lease(c);
                }
                connector.disconnect(c); // dropped by the server while idle: replace it
            }
            return new Lease(connect());
        } catch (Exception | Error e) {
            permits.release();
            throw e;
        }
    }

    /** Opens a connection, a few at a time, trying again with backoff after transient refusals and resets. */
    private C connect() throws Exception {
        connecting.acquire();
        try {
            long backoffMillis = 50;
            for (int attempt = 1; ; attempt++) {
                try {
                    return connector.connect();
                } catch (Exception e) {
                    if (attempt >= CONNECT_ATTEMPTS || !connector.isTransient(e)) {
                        throw e;
                    }
                    // jitter, so that connections refused together do not come back together
                    Thread.sleep(backoffMillis + java.util.concurrent.ThreadLocalRandom.current()
                            .nextLong(backoffMillis));
                    backoffMillis *= 2;
                }
            }
        } finally {
            connecting.release();
        }
    }

    private synchronized C pollIdle() {
        if (closed) {
            throw StorageException.of(ErrorCode.MISCONFIGURED, "the store is closed");
        }
        return idle.pollFirst();
    }

    private void giveBack(C c, boolean reusable) {
        boolean keep;
        synchronized (this) {
            keep = reusable && !closed;
            if (keep) {
                idle.addFirst(c); // most recently used first: it is the most likely to still be open
            }
        }
        if (!keep) {
            connector.disconnect(c);
        }
        permits.release();
    }

    /** Closes idle connections; connections still leased are closed when they are given back. */
    @Override
    public void close() {
        Deque<C> toClose;
        synchronized (this) {
            closed = true;
            toClose = new ArrayDeque<>(idle);
            idle.clear();
        }
        toClose.forEach(connector::disconnect);
    }

    @Override
    public String toString() {
        return "ConnectionPool[" + name + ", max " + max + "]";
    }

    /**
     * One connection on loan. Closing the lease gives the connection back; call {@link #discard()} first when
     * the connection may be broken (an I/O error, an interrupted transfer) so that it is closed instead.
     */
    public final class Lease implements AutoCloseable {
        private final C connection;
        private boolean discard;
        private boolean returned;

        private Lease(C connection) {
            this.connection = connection;
        }

        public C connection() {
            return connection;
        }

        /** Marks the connection as not to be reused. */
        public void discard() {
            discard = true;
        }

        @Override
        public void close() {
            if (!returned) {
                returned = true;
                giveBack(connection, !discard);
            }
        }
    }
}
