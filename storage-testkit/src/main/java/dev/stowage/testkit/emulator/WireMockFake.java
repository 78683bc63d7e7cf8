package dev.stowage.testkit.emulator;

import static com.github.tomakehurst.wiremock.client.WireMock.any;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.extension.ResponseDefinitionTransformerV2;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The base of the stateful fakes of cloud storage APIs: a WireMock server on a free loopback port whose catch-all
 * stub (low priority) hands every request to {@link #handle(Request)}. Tests add higher-priority stubs through
 * {@link #wireMock()} to inject faults (503, connection reset, truncated bodies) in front of the fake.
 */
public abstract class WireMockFake implements AutoCloseable {
    /** The priority of the fake's own stub; fault stubs use a smaller number to win. */
    public static final int FAKE_PRIORITY = 100;

    private final WireMockServer server;

    protected WireMockFake() {
        String name = "fake-" + UUID.randomUUID();
        server = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().gzipDisabled(true)
                .extensions(new ResponseDefinitionTransformerV2() {
                    @Override
                    public ResponseDefinition transform(ServeEvent event) {
                        try {
                            return handle(event.getRequest());
                        } catch (RuntimeException e) {
                            return respond(500, "text/plain", bytes("fake failed: " + e));
                        }
                    }

                    @Override
                    public boolean applyGlobally() {
                        return false;
                    }

                    @Override
                    public String getName() {
                        return name;
                    }
                }));
        server.start();
        server.stubFor(any(anyUrl()).atPriority(FAKE_PRIORITY).willReturn(aResponse().withTransformers(name)));
    }

    /** Answers one request from the fake's state. Called by many threads at once. */
    protected abstract ResponseDefinition handle(Request request);

    /** The server, to add fault stubs in front of the fake. */
    public WireMockServer wireMock() {
        return server;
    }

    /** {@code http://127.0.0.1:PORT}, without a trailing slash. */
    public String baseUrl() {
        return "http://127.0.0.1:" + server.port();
    }

    public int port() {
        return server.port();
    }

    @Override
    public void close() {
        server.stop();
    }

    protected static ResponseDefinition respond(int status, String contentType, byte[] body) {
        var b = aResponse().withStatus(status);
        if (contentType != null) {
            b.withHeader("Content-Type", contentType);
        }
        if (body != null) {
            b.withBody(body);
        }
        return b.build();
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Decodes %XX escapes; unlike URLDecoder it leaves '+' alone, as a URL path does. */
    protected static String percentDecode(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '%' && i + 2 < s.length()) {
                out.write(Integer.parseInt(s.substring(i + 1, i + 3), 16));
                i += 2;
            } else {
                out.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** Escapes text for an XML element. */
    protected static String xml(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '&' -> sb.append("&amp;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }
}
