package dev.stowage.testkit.emulator;

import com.github.tomakehurst.wiremock.common.Json;
import com.github.tomakehurst.wiremock.http.Request;
import com.github.tomakehurst.wiremock.http.ResponseDefinition;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real OpenStack Swift (Debian's swift-proxy, -account, -container and -object servers with tempauth, TempURL,
 * SLO and memcached) on loopback, one replica, data in a temporary folder, started by a script; in front of it a
 * small Keystone-v3-shaped token endpoint (WireMock) that checks a fixed user or application credential, takes a
 * token from the proxy's tempauth and answers with a v3 token whose catalog points at the real proxy. Every storage
 * operation therefore runs against the real Swift; only the identity service is a stand-in.
 */
public final class SwiftEmulator implements AutoCloseable {
    public static final String USER = "tester";
    public static final String PASSWORD = "testing";
    public static final String PROJECT = "test";
    public static final String DOMAIN = "Default";
    public static final String APP_CREDENTIAL_ID = "app-cred-1";
    public static final String APP_CREDENTIAL_SECRET = "app-cred-secret";
    public static final String REGION = "RegionOne";
    /** How long the start script waits for every Swift server to answer once started. */
    private static final int READY_TIMEOUT_SECONDS = 150;

    private final Path dir;
    private final int proxyPort;
    private final KeystoneShim keystone;
    private final HttpClient http = HttpClient.newHttpClient();

    private SwiftEmulator(Path dir, int proxyPort) {
        this.dir = dir;
        this.proxyPort = proxyPort;
        this.keystone = new KeystoneShim();
    }

    /** Whether Swift's servers and memcached are installed here (Debian packages; see the start script). */
    public static boolean installed() {
        return onPath("swift-proxy-server") && onPath("memcached") && onPath("swift-ring-builder");
    }

    private static boolean onPath(String command) {
        String path = System.getenv("PATH");
        return path != null && Stream.of(path.split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, command)));
    }

    /**
     * Starts Swift with {@code startScript} (storage-openstack/scripts/start-swift.sh) in a new temporary folder, and
     * returns once it is ready: the script waits until a probe container and object can be written, read and removed
     * through the proxy, so that the account, container and object servers all answer, not only the proxy (which
     * answers first, and on a loaded machine would fail the first container PUT with 503).
     */
    public static SwiftEmulator start(Path startScript) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("stowage-swift");
        int port = freePortRange();
        ProcessBuilder pb = new ProcessBuilder("bash", startScript.toString(), dir.toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("start.log").toFile());
        pb.environment().put("SWIFT_PROXY_PORT", String.valueOf(port));
        pb.environment().put("SWIFT_READY_TIMEOUT", String.valueOf(READY_TIMEOUT_SECONDS));
        Process p = pb.start();
        p.getOutputStream().close();
        // Ring building comes before the readiness wait, and takes tens of seconds on a loaded machine.
        if (!p.waitFor(READY_TIMEOUT_SECONDS + 120, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("Swift did not start: " + Files.readString(dir.resolve("start.log")));
        }
        return new SwiftEmulator(dir, port);
    }

    /** A proxy port whose neighbours (+10 to +15, used by the storage servers and memcached) are free too. */
    private static int freePortRange() throws IOException {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port;
            try (ServerSocket s = new ServerSocket(0)) {
                port = s.getLocalPort();
            }
            if (port + 15 < 65535 && free(port + 10) && free(port + 11) && free(port + 12) && free(port + 15)) {
                return port;
            }
        }
        throw new IOException("no free port range for Swift");
    }

    private static boolean free(int port) {
        try (ServerSocket s = new ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The Keystone v3 URL to configure ({@code authUrl}). */
    public String authUrl() {
        return keystone.baseUrl() + "/v3";
    }

    /** The account's storage URL on the real proxy. */
    public String storageUrl() {
        return "http://127.0.0.1:" + proxyPort + "/v1/AUTH_" + PROJECT;
    }

    /** The stand-in identity service, to inject faults in front of it. */
    public WireMockFake keystone() {
        return keystone;
    }

    /** The proxy's port. */
    public int proxyPort() {
        return proxyPort;
    }

    /** A tempauth token for direct calls to the proxy. */
    public String token() throws IOException, InterruptedException {
        HttpResponse<Void> resp = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + proxyPort
                        + "/auth/v1.0")).header("X-Storage-User", PROJECT + ":" + USER)
                .header("X-Storage-Pass", PASSWORD).build(), HttpResponse.BodyHandlers.discarding());
        return resp.headers().firstValue("X-Auth-Token").orElseThrow(() -> new IOException("tempauth answered "
                + resp.statusCode()));
    }

    /** Creates a container (public-read when asked, as a CDN origin would be). */
    public void createContainer(String name, boolean publicRead) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(storageUrl() + "/" + name))
                .header("X-Auth-Token", token()).PUT(HttpRequest.BodyPublishers.noBody());
        if (publicRead) {
            b.header("X-Container-Read", ".r:*,.rlistings");
        }
        int status = http.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 201 && status != 202) {
            throw new IOException("cannot create container " + name + ": HTTP " + status);
        }
    }

    /** Sets the account's TempURL key (X-Account-Meta-Temp-URL-Key). */
    public void setTempUrlKey(String key) throws IOException, InterruptedException {
        int status = http.send(HttpRequest.newBuilder(URI.create(storageUrl())).header("X-Auth-Token", token())
                .header("X-Account-Meta-Temp-URL-Key", key).POST(HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
        if (status != 204) {
            throw new IOException("cannot set the TempURL key: HTTP " + status);
        }
    }

    /** Names of the objects in a container (for checks on segment clean-up). */
    public List<String> objectNames(String container) throws IOException, InterruptedException {
        HttpResponse<String> resp = http.send(HttpRequest.newBuilder(URI.create(storageUrl() + "/" + container))
                .header("X-Auth-Token", token()).build(), HttpResponse.BodyHandlers.ofString());
        if (resp.statusCode() == 404 || resp.statusCode() == 204) {
            return List.of();
        }
        return resp.body().lines().filter(l -> !l.isBlank()).toList();
    }

    @Override
    public void close() {
        keystone.close();
        try (Stream<Path> pids = Files.list(dir.resolve("run"))) {
            for (Path pid : pids.filter(f -> f.toString().endsWith(".pid")).toList()) {
                long id = Long.parseLong(Files.readString(pid).strip());
                ProcessHandle.of(id).ifPresent(ProcessHandle::destroy);
            }
        } catch (IOException | NumberFormatException ignored) {
            // best effort: the servers die with the machine's session at the latest
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException ignored) {
            // a temporary folder left behind is harmless
        }
    }

    /** The Keystone v3 token endpoint stand-in. */
    private final class KeystoneShim extends WireMockFake {
        @Override
        @SuppressWarnings("unchecked")
        protected ResponseDefinition handle(Request r) {
            if (!r.getMethod().getName().equals("POST") || !r.getUrl().startsWith("/v3/auth/tokens")) {
                return respond(404, "application/json", bytes("{\"error\": {\"code\": 404, \"message\": "
                        + "\"The resource could not be found.\", \"title\": \"Not Found\"}}"));
            }
            Map<String, Object> body = Json.read(r.getBodyAsString(), Map.class);
            Map<String, Object> identity = (Map<String, Object>) ((Map<String, Object>) body.get("auth"))
                    .get("identity");
            List<String> methods = (List<String>) identity.get("methods");
            boolean ok;
            if (methods.contains("password")) {
                Map<String, Object> user = (Map<String, Object>) ((Map<String, Object>) identity.get("password"))
                        .get("user");
                ok = USER.equals(user.get("name")) && PASSWORD.equals(user.get("password"));
            } else if (methods.contains("application_credential")) {
                Map<String, Object> cred = (Map<String, Object>) identity.get("application_credential");
                ok = APP_CREDENTIAL_ID.equals(cred.get("id")) && APP_CREDENTIAL_SECRET.equals(cred.get("secret"));
            } else {
                ok = false;
            }
            if (!ok) {
                return respond(401, "application/json", bytes("{\"error\": {\"code\": 401, \"message\": \"The "
                        + "request you have made requires authentication.\", \"title\": \"Unauthorized\"}}"));
            }
            String token;
            try {
                token = token();
            } catch (IOException | InterruptedException e) {
                return respond(503, "application/json", bytes("{\"error\": {\"code\": 503, \"message\": \""
                        + e.getMessage() + "\", \"title\": \"Service Unavailable\"}}"));
            }
            Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            Map<String, Object> domain = Map.of("id", "default", "name", DOMAIN);
            Map<String, Object> endpoint = Map.of("id", "e1", "interface", "public", "region", REGION,
                    "region_id", REGION, "url", storageUrl());
            Map<String, Object> tokenBody = Map.of("token", Map.of(
                    "methods", methods, "expires_at", now.plus(1, ChronoUnit.HOURS).toString(),
                    "issued_at", now.toString(), "audit_ids", List.of("a1"),
                    "user", Map.of("id", "u1", "name", USER, "domain", domain),
                    "project", Map.of("id", "p1", "name", PROJECT, "domain", domain),
                    "roles", List.of(Map.of("id", "r1", "name", "member")),
                    "catalog", List.of(Map.of("type", "object-store", "name", "swift", "id", "s1",
                            "endpoints", List.of(endpoint)))));
            return com.github.tomakehurst.wiremock.client.WireMock.aResponse().withStatus(201)
                    .withHeader("Content-Type", "application/json").withHeader("X-Subject-Token", token)
                    .withBody(Json.write(tokenBody).getBytes(StandardCharsets.UTF_8)).build();
        }
    }
}
