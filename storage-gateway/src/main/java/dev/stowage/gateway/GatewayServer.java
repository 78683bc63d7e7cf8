package dev.stowage.gateway;

import dev.stowage.BlobStore;
import java.net.URI;
import java.util.Map;
import org.eclipse.jetty.http.UriCompliance;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ErrorHandler;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * A stand-alone gateway: a Jetty server listening on {@link GatewayOptions#host()} and {@link GatewayOptions#port()}
 * and serving one {@link Gateway}, with an idle timeout that closes connections of clients that stop reading.
 * This is what {@code stowage serve} runs. Close it to stop the server and close the gateway and its stores.
 */
public final class GatewayServer implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final Gateway gateway;

    private GatewayServer(Server server, ServerConnector connector, Gateway gateway) {
        this.server = server;
        this.connector = connector;
        this.gateway = gateway;
    }

    /**
     * Starts serving {@code stores} (name to store; the server takes ownership and closes them).
     *
     * @throws IllegalStateException if the server cannot listen on the configured address
     */
    public static GatewayServer start(GatewayOptions options, Map<String, BlobStore> stores) {
        return start(Gateway.open(options, stores));
    }

    /** Starts serving {@code gateway}; closing the server closes it. */
    public static GatewayServer start(Gateway gateway) {
        GatewayOptions options = gateway.options();
        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("stowage-gateway");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        // %2F inside a segment is how a store name holding '/' (account/bucket) may be written; the gateway splits
        // and decodes the raw path itself, segment by segment, and refuses '.' and '..' there.
        http.setUriCompliance(UriCompliance.DEFAULT.with("stowage-encoded-slash",
                UriCompliance.Violation.AMBIGUOUS_PATH_SEPARATOR));
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        // A client that stops reading (or never sends its request) loses its connection after this long.
        connector.setIdleTimeout(options.idleTimeout().toMillis());
        server.addConnector(connector);
        server.setHandler(gateway.handler());
        server.setErrorHandler(new HardenedErrorHandler());
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing; the start failure is what matters
            }
            gateway.close();
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        return new GatewayServer(server, connector, gateway);
    }

    /** The gateway this server runs. */
    public Gateway gateway() {
        return gateway;
    }

    /** The port the server listens on (the chosen one when started with port 0). */
    public int port() {
        return connector.getLocalPort();
    }

    /** The base URL, e.g. {@code http://127.0.0.1:8080}. */
    public URI baseUri() {
        String host = connector.getHost() == null ? "127.0.0.1" : connector.getHost();
        if (host.contains(":")) {
            host = "[" + host + "]";
        }
        return URI.create("http://" + host + ":" + port());
    }

    /** The full URL of a path and query, signed when the gateway requires signatures. */
    public String url(String pathAndQuery) {
        return baseUri() + gateway.sign(pathAndQuery);
    }

    /** Transforms performed since start. */
    public long transforms() {
        return gateway.transforms();
    }

    /** Blocks until the server stops. */
    public void join() throws InterruptedException {
        server.join();
    }

    @Override
    public void close() {
        try {
            server.stop();
        } catch (Exception e) {
            throw new IllegalStateException("stopping the gateway failed", e);
        } finally {
            gateway.close();
        }
    }

    /** Jetty's own error pages (a malformed request line, a bad URI) carry the same protective headers. */
    private static final class HardenedErrorHandler extends ErrorHandler {
        HardenedErrorHandler() {
            setShowStacks(false);
            setShowMessageInTitle(false);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            response.getHeaders().put("X-Content-Type-Options", "nosniff");
            response.getHeaders().put("Content-Security-Policy", "default-src 'none'; sandbox");
            return super.handle(request, response, callback);
        }
    }
}
