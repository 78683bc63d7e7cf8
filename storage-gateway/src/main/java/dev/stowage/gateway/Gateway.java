package dev.stowage.cli.gateway;

import dev.stowage.BlobStore;
import dev.stowage.layer.CachePolicy;
import dev.stowage.layer.CachedBlobStore;
import dev.stowage.layer.Layers;
import dev.stowage.transform.ImageTransformer;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.thread.QueuedThreadPool;

/**
 * The running image gateway: an HTTP server serving originals and transformed images from a set of named stores,
 * through one bounded cache. Start it with {@link #start}; close it to stop the server and close the stores.
 */
public final class Gateway implements AutoCloseable {
    private final Server server;
    private final ServerConnector connector;
    private final CachedBlobStore cache;
    private final GatewayMetrics metrics;
    private final UrlSigner signer;

    private Gateway(Server server, ServerConnector connector, CachedBlobStore cache, GatewayMetrics metrics,
                    UrlSigner signer) {
        this.server = server;
        this.connector = connector;
        this.cache = cache;
        this.metrics = metrics;
        this.signer = signer;
    }

    /**
     * Starts serving {@code stores} (name to store; the gateway takes ownership and closes them).
     *
     * @throws IllegalStateException if the server cannot listen on the configured address
     */
    public static Gateway start(GatewayOptions options, Map<String, BlobStore> stores) {
        Map<String, BlobStore> bounded = new LinkedHashMap<>();
        stores.forEach((name, store) -> bounded.put(name, Layers.timeout(store, options.originTimeout())));
        StoreRouter router = new StoreRouter(bounded);
        CachePolicy policy = CachePolicy.builder().maxBytes(options.cacheBytes())
                .maxEntryBytes(Math.min(options.cacheBytes(), options.limits().maxSourceBytes()))
                .revalidateAfter(options.revalidateAfter()).build();
        CachedBlobStore cache = Layers.cached(router, options.cacheDir(), policy);
        GatewayMetrics metrics = new GatewayMetrics();
        ImagePipeline pipeline = new ImagePipeline(cache, new ImageTransformer(options.limits()),
                options.maxTransforms(), options.transformWait(), metrics);
        UrlSigner signer = options.signKey() == null ? null : new UrlSigner(options.signKey());

        QueuedThreadPool threads = new QueuedThreadPool(200, 8);
        threads.setName("stowage-gateway");
        Server server = new Server(threads);
        HttpConfiguration http = new HttpConfiguration();
        http.setSendServerVersion(false);
        http.setSendXPoweredBy(false);
        ServerConnector connector = new ServerConnector(server, new HttpConnectionFactory(http));
        connector.setHost(options.host());
        connector.setPort(options.port());
        connector.setIdleTimeout(30_000);
        server.addConnector(connector);
        server.setHandler(new GatewayHandler(router, cache, pipeline, metrics, signer, options.cacheControl(),
                options.canonicalBase()));
        server.setStopTimeout(2_000);
        try {
            server.start();
        } catch (Exception e) {
            try {
                server.stop();
            } catch (Exception ignored) {
                // already failing; the start failure is what matters
            }
            cache.close();
            throw new IllegalStateException("cannot listen on " + options.host() + ":" + options.port() + ": "
                    + e.getMessage(), e);
        }
        return new Gateway(server, connector, cache, metrics, signer);
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

    /** The path and query, signed when the gateway requires signatures. */
    public String url(String pathAndQuery) {
        return baseUri() + (signer == null ? pathAndQuery : signer.sign(pathAndQuery));
    }

    /** Transforms performed since start. */
    public long transforms() {
        return metrics.transforms();
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
            cache.close();
        }
    }
}
