package dev.stowage.gcs.internal;

import com.google.api.client.http.HttpRequestInitializer;
import com.google.cloud.ServiceOptions;
import com.google.cloud.http.HttpTransportOptions;
import dev.stowage.spi.Deadline;

/**
 * The client's HTTP settings, with each request's connect and read timeouts cut to what is left of the deadline of
 * the call it serves ({@link Deadline#current()}), if it has one. The HTTP client blocks on its socket and ignores
 * interrupts, so this is what ends a request the server stops answering at the call's deadline instead of at the
 * read timeout.
 */
final class DeadlineBoundTransportOptions extends HttpTransportOptions {
    DeadlineBoundTransportOptions(HttpTransportOptions.Builder builder) {
        super(builder);
    }

    @Override
    public HttpRequestInitializer getHttpRequestInitializer(ServiceOptions<?, ?> serviceOptions) {
        HttpRequestInitializer base = super.getHttpRequestInitializer(serviceOptions);
        return request -> {
            base.initialize(request);
            Deadline.current().ifPresent(d -> {
                request.setConnectTimeout(d.cutTimeoutMillis(request.getConnectTimeout()));
                request.setReadTimeout(d.cutTimeoutMillis(request.getReadTimeout()));
            });
        };
    }
}
