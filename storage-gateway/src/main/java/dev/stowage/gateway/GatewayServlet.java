package dev.stowage.gateway;

import dev.stowage.gateway.internal.Answer;
import dev.stowage.gateway.internal.Body;
import dev.stowage.gateway.internal.Exchange;
import dev.stowage.gateway.internal.Policy;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Objects;

/**
 * The gateway as a Jakarta Servlet (Servlet 6), for applications that run in a Servlet container (Jetty ee10,
 * Tomcat 10.1+, ...). Map it to a path such as {@code /images/*}; the gateway's URLs are relative to that path.
 * The container's threads write the bodies, so its own connection timeouts bound slow clients.
 */
public class GatewayServlet extends HttpServlet {
    private static final long serialVersionUID = 1L;
    private final transient Gateway gateway;

    /** Serves {@code gateway}; the servlet does not close it (its owner does, when the application stops). */
    public GatewayServlet(Gateway gateway) {
        this.gateway = Objects.requireNonNull(gateway, "gateway");
    }

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Exchange ex = new ServletExchange(request);
        Answer a = gateway.flow().answer(ex, Policy.BLOCKING);
        response.setStatus(a.status());
        a.headers().forEach((name, value) -> {
            if (name.equals("Content-Length")) {
                response.setContentLengthLong(Long.parseLong(value));
            } else {
                response.setHeader(name, value);
            }
        });
        boolean head = "HEAD".equals(ex.method());
        Body body = a.body();
        try {
            if (body instanceof Body.Stream s) {
                try (InputStream in = s.in()) {
                    if (!head) {
                        OutputStream out = response.getOutputStream();
                        in.transferTo(out);
                    }
                }
            } else if (body instanceof Body.Bytes b && !head) {
                response.getOutputStream().write(b.bytes());
            }
        } catch (IOException e) {
            GatewayHandler.aborted(ex, e); // the client went away; the container cleans the connection up
        }
    }

    /** A servlet request as the gateway's request flow sees it: the raw path below the servlet's mapping. */
    private record ServletExchange(HttpServletRequest request) implements Exchange {
        @Override
        public String method() {
            return request.getMethod();
        }

        @Override
        public String path() {
            String uri = request.getRequestURI(); // raw, still percent-encoded
            String rest = uri.substring(Math.min(uri.length(), request.getContextPath().length()));
            String servletPath = request.getServletPath();
            if (!servletPath.isEmpty() && rest.startsWith(servletPath)) {
                rest = rest.substring(servletPath.length());
            }
            return rest.isEmpty() ? "/" : rest;
        }

        @Override
        public String query() {
            return request.getQueryString();
        }

        @Override
        public String header(String name) {
            return request.getHeader(name);
        }
    }
}
