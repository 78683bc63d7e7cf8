package dev.stowage.b2.internal;

import com.backblaze.b2.client.exceptions.B2Exception;
import com.backblaze.b2.client.webApiHttpClient.HttpClientFactory;
import dev.stowage.spi.Deadline;
import java.io.IOException;
import org.apache.http.HttpHost;
import org.apache.http.HttpRequest;
import org.apache.http.client.ClientProtocolException;
import org.apache.http.client.config.RequestConfig;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpRequestBase;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.conn.ClientConnectionManager;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.params.HttpParams;
import org.apache.http.protocol.BasicHttpContext;
import org.apache.http.protocol.HttpContext;

/**
 * The SDK's HTTP clients, with each request's connect, connection-pool and socket timeouts cut to what is left of the
 * deadline of the call it serves ({@link Deadline#current()}), if it has one. The SDK asks for a client for every
 * request, on the caller's thread, and its HTTP client blocks on its socket and ignores interrupts: this is what ends
 * a request the server stops answering at the call's deadline instead of at the SDK's own socket timeout.
 */
public final class DeadlineBoundHttpClientFactory implements HttpClientFactory {
    private final HttpClientFactory clients;
    private final RequestConfig base;

    /**
     * @param clients the SDK's factory
     * @param base    the request settings its clients use, whose timeouts are the longest a request gets
     */
    public DeadlineBoundHttpClientFactory(HttpClientFactory clients, RequestConfig base) {
        this.clients = clients;
        this.base = base;
    }

    @Override
    public CloseableHttpClient create() throws B2Exception {
        CloseableHttpClient client = clients.create();
        Deadline deadline = Deadline.current().orElse(null);
        return deadline == null ? client : new Bound(client, deadline);
    }

    @Override
    public void close() {
        clients.close();
    }

    /** {@code config} with each timeout cut to what is left of {@code deadline} ({@link Deadline#cutTimeoutMillis}). */
    static RequestConfig cut(RequestConfig config, Deadline deadline) {
        return RequestConfig.copy(config)
                .setConnectTimeout(deadline.cutTimeoutMillis(config.getConnectTimeout()))
                .setConnectionRequestTimeout(deadline.cutTimeoutMillis(config.getConnectionRequestTimeout()))
                .setSocketTimeout(deadline.cutTimeoutMillis(config.getSocketTimeout()))
                .build();
    }

    /** A client of the SDK's whose requests are held to a deadline. */
    private final class Bound extends CloseableHttpClient {
        private final CloseableHttpClient client;
        private final Deadline deadline;

        Bound(CloseableHttpClient client, Deadline deadline) {
            this.client = client;
            this.deadline = deadline;
        }

        @Override
        protected CloseableHttpResponse doExecute(HttpHost target, HttpRequest request, HttpContext context)
                throws IOException, ClientProtocolException {
            if (request instanceof HttpRequestBase configurable) { // every request the SDK sends
                RequestConfig own = configurable.getConfig();
                configurable.setConfig(cut(own != null ? own : base, deadline));
                return client.execute(target, request, context);
            }
            HttpClientContext bound = HttpClientContext.adapt(context != null ? context : new BasicHttpContext());
            bound.setRequestConfig(cut(bound.getAttribute(HttpClientContext.REQUEST_CONFIG) instanceof RequestConfig
                    own ? own : base, deadline));
            return client.execute(target, request, bound);
        }

        @Override
        public void close() throws IOException {
            client.close();
        }

        @Override
        @SuppressWarnings("deprecation")
        public HttpParams getParams() {
            return client.getParams();
        }

        @Override
        @SuppressWarnings("deprecation")
        public ClientConnectionManager getConnectionManager() {
            return client.getConnectionManager();
        }
    }
}
