package dev.stowage.gateway;

import dev.stowage.gateway.internal.Answer;
import dev.stowage.gateway.internal.Body;
import dev.stowage.gateway.internal.Exchange;
import dev.stowage.gateway.internal.Policy;
import dev.stowage.gateway.internal.RequestFlow;
import java.nio.ByteBuffer;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.IteratingCallback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The gateway as a Jetty 12 core {@link Handler}. A request whose answer needs no I/O (a variant held in memory, a
 * 304, {@code /health}) is answered on the calling thread; anything else runs on a worker. Bodies are written
 * asynchronously, so a client that stops reading holds no thread, only its connection until the idle timeout.
 */
public final class GatewayHandler extends Handler.Abstract {
    private static final Logger LOG = LoggerFactory.getLogger(GatewayHandler.class);
    private final RequestFlow flow;

    GatewayHandler(RequestFlow flow) {
        super(InvocationType.NON_BLOCKING);
        this.flow = flow;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        Exchange ex = new JettyExchange(request);
        Answer hot = flow.answer(ex, Policy.NO_IO);
        if (hot != null) {
            write(hot, ex, response, callback);
            return true;
        }
        request.getComponents().getThreadPool().execute(() -> {
            Answer a;
            try {
                a = flow.answer(ex, Policy.BLOCKING);
            } catch (Throwable t) { // answer() never throws; an Error from the pool is still the request's end
                callback.failed(t);
                return;
            }
            write(a, ex, response, callback);
        });
        return true;
    }

    private static void write(Answer a, Exchange ex, Response response, Callback callback) {
        response.setStatus(a.status());
        HttpFields.Mutable h = response.getHeaders();
        a.headers().forEach(h::add); // names are unique in an answer; add skips put's search for duplicates
        boolean head = "HEAD".equals(ex.method());
        Body body = a.body();
        if (body instanceof Body.Stream s) {
            if (head) {
                closeBody(s);
                response.write(true, null, callback);
                return;
            }
            new BodyWriter(s, ex, response, callback).iterate();
            return;
        }
        if (head && !a.headers().containsKey("Content-Length")) {
            // A HEAD of a variant not made yet: its length is unknown, and Jetty would otherwise claim 0.
            response.write(false, null, Callback.from(callback::succeeded, callback::failed));
            return;
        }
        ByteBuffer bytes = !head && body instanceof Body.Bytes b ? ByteBuffer.wrap(b.bytes()) : null;
        response.write(true, bytes, Callback.from(callback::succeeded, x -> {
            aborted(ex, x);
            callback.failed(x);
        }));
    }

    /**
     * Writes a streamed body chunk by chunk; each chunk is read when the previous one has been sent, so a client
     * that stops reading holds no thread, and the idle timeout fails the pending write.
     */
    private static final class BodyWriter extends IteratingCallback {
        private static final int CHUNK = 64 * 1024;
        private final Body.Stream body;
        private final Exchange ex;
        private final Response response;
        private final Callback callback;
        private final byte[] buffer;
        private long remaining;

        BodyWriter(Body.Stream body, Exchange ex, Response response, Callback callback) {
            this.body = body;
            this.ex = ex;
            this.response = response;
            this.callback = callback;
            this.remaining = body.length();
            this.buffer = new byte[(int) Math.min(CHUNK, Math.max(1, body.length()))];
        }

        @Override
        protected Action process() throws Exception {
            if (remaining == 0) {
                return Action.SUCCEEDED;
            }
            int n = body.in().readNBytes(buffer, 0, (int) Math.min(buffer.length, remaining));
            if (n == 0) {
                // A read must never be silently short: the connection is aborted so the client sees it.
                throw new java.io.EOFException(ex.path() + ": the store's stream ended " + remaining + " bytes early");
            }
            remaining -= n;
            response.write(remaining == 0, ByteBuffer.wrap(buffer, 0, n), this);
            return Action.SCHEDULED;
        }

        @Override
        protected void onCompleteSuccess() {
            closeBody(body);
            callback.succeeded();
        }

        @Override
        protected void onCompleteFailure(Throwable x) {
            closeBody(body);
            aborted(ex, x);
            callback.failed(x);
        }

        @Override
        public InvocationType getInvocationType() {
            return InvocationType.BLOCKING; // process() reads from a store
        }
    }

    /** A client that went away or stopped reading is routine: one debug line, no stack trace. */
    static void aborted(Exchange ex, Throwable x) {
        if (LOG.isDebugEnabled()) {
            LOG.debug("{} {}: response not completed: {}", ex.method(), ex.path(), x.toString());
        }
    }

    private static void closeBody(Body.Stream s) {
        try {
            s.in().close();
        } catch (java.io.IOException e) {
            // the body was fully handed over or abandoned; nothing to report
        }
    }

    /** A Jetty request as the gateway's request flow sees it. */
    private record JettyExchange(Request request) implements Exchange {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            // The raw path, not Jetty's normalised one: '..' and '.' segments must reach the parser to be refused.
            String raw = request.getHttpURI().getPath();
            String context = Request.getContextPath(request);
            return context == null || context.isEmpty() || !raw.startsWith(context) ? raw
                    : raw.substring(context.length());
        }

        @Override
        public String query() {
            return request.getHttpURI().getQuery();
        }

        @Override
        public String header(String name) {
            return request.getHeaders().get(name);
        }
    }
}
