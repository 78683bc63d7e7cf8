package dev.stowage.bench;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.gateway.GatewayOptions;
import dev.stowage.gateway.GatewayServer;
import java.awt.Color;
import java.awt.GradientPaint;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/**
 * The image gateway serving a cached transformed image, against nginx serving the same bytes as a static file, both
 * on loopback and loaded by {@code wrk} with the same settings; then a burst of 200 concurrent requests for one
 * uncached variant, which must transform once.
 *
 * <p>Needs {@code nginx} and {@code wrk} on the PATH (Debian: {@code apt-get install -y nginx wrk}); nginx is started
 * on a free loopback port with a temporary prefix and configuration, not as a service.
 *
 * <p>A third phase measures uncached throughput: {@code wrk} asks for a different width on every request, so each
 * one transforms the 2400×1600 source ({@code wrk -t1 -c4}, a Lua script numbering the requests).
 *
 * <p>Run: {@code ./mvnw -q -pl storage-bench -am package -DskipTests && java -cp storage-bench/target/benchmarks.jar
 * dev.stowage.bench.GatewayBenchmark [seconds=10] [connections=32]}
 *
 * <p>To compare uncached throughput with another build of the gateway (e.g. the previous release's
 * {@code stowage serve}): write the source with {@code GatewayBenchmark photo /srv/bench/photo.jpg}, serve that
 * folder as store {@code bench} from the other build, and run {@code GatewayBenchmark uncached http://127.0.0.1:8080
 * bench [seconds]}.
 */
public final class GatewayBenchmark {
    private static final String VARIANT = "/bench/tr:w-400,h-300,f-jpg/photo.jpg";

    private GatewayBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("photo")) {
            Files.write(Path.of(args[1]), photo(2400, 1600));
            return;
        }
        if (args.length >= 3 && args[0].equals("uncached")) {
            Path work = Files.createTempDirectory("stowage-gateway-bench");
            uncached(work, args[1], args[2], args.length > 3 ? Integer.parseInt(args[3]) : 20);
            return;
        }
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        int connections = args.length > 1 ? Integer.parseInt(args[1]) : 32;
        Path work = Files.createTempDirectory("stowage-gateway-bench");
        // Other benchmarks put logback on the class path at DEBUG by default; a server logging every request
        // would measure the logger. Set before any logger is created.
        if (System.getProperty("logback.configurationFile") == null) {
            System.setProperty("logback.configurationFile", Files.writeString(work.resolve("logback.xml"),
                    "<configuration><root level=\"WARN\"/></configuration>").toString());
        }
        try {
            run(work, seconds, connections);
        } finally {
            try (Stream<Path> files = Files.walk(work)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static void run(Path work, int seconds, int connections) throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(work.resolve("images")).toUri().toString());
        store.put("photo.jpg", ContentSource.ofBytes(photo(2400, 1600)),
                PutOptions.builder().contentType("image/jpeg").build());
        HttpClient client = HttpClient.newHttpClient();
        try (GatewayServer gateway = GatewayServer.start(GatewayOptions.builder(work.resolve("cache")).port(0).build(),
                Map.of("bench", store))) {
            byte[] variant = fetch(client, gateway.baseUri() + VARIANT).body();
            Path www = Files.createDirectories(work.resolve("www"));
            Files.write(www.resolve("photo.jpg"), variant);
            Process nginx = null;
            int nginxPort = freePort();
            try {
                nginx = startNginx(work.resolve("nginx"), www, nginxPort);
                String nginxUrl = "http://127.0.0.1:" + nginxPort + "/photo.jpg";
                String gatewayUrl = gateway.baseUri() + VARIANT;
                byte[] fromNginx = fetch(client, nginxUrl).body();
                if (!java.util.Arrays.equals(fromNginx, variant)) {
                    throw new IllegalStateException("nginx does not serve the same bytes as the gateway");
                }
                System.out.printf(Locale.ROOT, "== cached variant (%d bytes JPEG), wrk -t2 -c%d -d%ds, loopback, %d cores ==%n",
                        variant.length, connections, seconds, Runtime.getRuntime().availableProcessors());
                wrk(gatewayUrl, 10, connections); // JIT warm-up of the gateway
                wrk(nginxUrl, 2, connections);
                double n1 = wrk(nginxUrl, seconds, connections);
                double g1 = wrk(gatewayUrl, seconds, connections);
                double g2 = wrk(gatewayUrl, seconds, connections);
                double n2 = wrk(nginxUrl, seconds, connections);
                double n = (n1 + n2) / 2;
                double g = (g1 + g2) / 2;
                System.out.printf(Locale.ROOT, "%-28s %10.0f req/s  (runs %.0f, %.0f)%n", "nginx static file", n, n1, n2);
                System.out.printf(Locale.ROOT, "%-28s %10.0f req/s  (runs %.0f, %.0f)%n", "stowage gateway (cache hit)",
                        g, g1, g2);
                System.out.printf(Locale.ROOT, "ratio gateway/nginx          %10.3f  (target >= 0.8)%n", g / n);
            } finally {
                if (nginx != null) {
                    nginx.destroy();
                    nginx.waitFor(5, TimeUnit.SECONDS);
                }
            }
            burst(client, gateway);
            uncached(work, gateway.baseUri().toString(), "bench", Math.max(seconds, 20));
        }
    }

    /** Every request a new width, so every request transforms: the throughput of misses. */
    private static void uncached(Path work, String base, String store, int seconds) throws Exception {
        Path script = Files.writeString(work.resolve("uncached.lua"), String.join("\n",
                "counter = 0",
                "request = function()",
                "  counter = counter + 1",
                "  return wrk.format(nil, \"/" + store + "/tr:w-\" .. (100 + counter % 1900) .. \",h-\" .. (100 + math.floor(counter / 1900)) .. \",f-jpg/photo.jpg\")",
                "end", ""));
        Process p = new ProcessBuilder("wrk", "-t1", "-c4", "-d" + seconds + "s", "-s", script.toString(), base)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        Matcher lat = Pattern.compile("Latency\\s+(\\S+)").matcher(out);
        System.out.printf(Locale.ROOT, "== uncached variants (each request a new size of a 2400x1600 JPEG), wrk -t1 -c4 -d%ds ==%n",
                seconds);
        System.out.printf(Locale.ROOT, "%-28s %10s req/s  (mean latency %s)%s%n", "transforms", m.find() ? m.group(1) : "?",
                lat.find() ? lat.group(1) : "?", out.contains("Non-2xx") ? "  (wrk saw non-2xx answers)" : "");
    }

    /** 200 concurrent requests for one variant that is not cached yet: the transform must run once. */
    private static void burst(HttpClient client, GatewayServer gateway) throws Exception {
        long before = gateway.transforms();
        int callers = 200;
        ExecutorService pool = Executors.newFixedThreadPool(callers);
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<HttpResponse<byte[]>>> futures = new ArrayList<>();
            String url = gateway.baseUri() + "/v1/ex/bench/photo.jpg?w=777&h=555&fit=cover&f=webp";
            for (int i = 0; i < callers; i++) {
                futures.add(pool.submit(() -> {
                    go.await();
                    return fetch(client, url);
                }));
            }
            long t0 = System.nanoTime();
            go.countDown();
            int ok = 0;
            for (Future<HttpResponse<byte[]>> f : futures) {
                if (f.get(120, TimeUnit.SECONDS).statusCode() == 200) {
                    ok++;
                }
            }
            double ms = (System.nanoTime() - t0) / 1e6;
            System.out.printf(Locale.ROOT, "== burst: %d concurrent requests for one uncached variant ==%n", callers);
            System.out.printf(Locale.ROOT, "200 OK: %d/%d, transforms performed: %d, all answered in %.0f ms%n", ok,
                    callers, gateway.transforms() - before, ms);
        } finally {
            pool.shutdownNow();
        }
    }

    private static double wrk(String url, int seconds, int connections) throws Exception {
        Process p = new ProcessBuilder("wrk", "-t2", "-c" + connections, "-d" + seconds + "s", url)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(seconds + 30L, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IllegalStateException("wrk failed: " + out);
        }
        if (out.contains("Non-2xx") || out.contains("Socket errors")) {
            System.out.println("  (wrk reported errors) " + out.replace('\n', ' '));
        }
        Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(out);
        if (!m.find()) {
            throw new IllegalStateException("cannot read wrk's output: " + out);
        }
        return Double.parseDouble(m.group(1));
    }

    private static Process startNginx(Path prefix, Path www, int port) throws Exception {
        Files.createDirectories(prefix.resolve("logs"));
        Files.createDirectories(prefix.resolve("tmp"));
        String conf = String.join("\n",
                "worker_processes auto;",
                "daemon off;",
                "pid " + prefix.resolve("nginx.pid") + ";",
                "error_log " + prefix.resolve("logs/error.log") + " warn;",
                "user " + System.getProperty("user.name") + ";",
                "events { worker_connections 1024; }",
                "http {",
                "  access_log off;",
                "  sendfile on;",
                "  tcp_nopush on;",
                "  default_type image/jpeg;",
                "  client_body_temp_path " + prefix.resolve("tmp/body") + ";",
                "  proxy_temp_path " + prefix.resolve("tmp/proxy") + ";",
                "  fastcgi_temp_path " + prefix.resolve("tmp/fastcgi") + ";",
                "  uwsgi_temp_path " + prefix.resolve("tmp/uwsgi") + ";",
                "  scgi_temp_path " + prefix.resolve("tmp/scgi") + ";",
                "  server {",
                "    listen 127.0.0.1:" + port + ";",
                "    root " + www + ";",
                "    add_header Cache-Control \"public, max-age=86400\";",
                "  }",
                "}", "");
        Path file = Files.writeString(prefix.resolve("nginx.conf"), conf);
        Process p = new ProcessBuilder("nginx", "-p", prefix.toString(), "-c", file.toString(), "-e",
                prefix.resolve("logs/error.log").toString()).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("logs/stdout.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (System.nanoTime() < deadline) {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 200);
                return p;
            } catch (IOException e) {
                if (!p.isAlive()) {
                    throw new IllegalStateException("nginx exited: "
                            + Files.readString(prefix.resolve("logs/error.log")));
                }
                Thread.sleep(50);
            }
        }
        p.destroy();
        throw new IllegalStateException("nginx did not start listening on port " + port);
    }

    private static HttpResponse<byte[]> fetch(HttpClient client, String url) throws Exception {
        HttpResponse<byte[]> r = client.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(60))
                .build(), HttpResponse.BodyHandlers.ofByteArray());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(url + " answered " + r.statusCode() + ": "
                    + new String(r.body(), StandardCharsets.UTF_8));
        }
        return r;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static byte[] photo(int w, int h) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        g.setPaint(new GradientPaint(0, 0, new Color(0x134e5e), w, h, new Color(0x71b280)));
        g.fillRect(0, 0, w, h);
        for (int i = 0; i < 40; i++) {
            g.setColor(Color.getHSBColor(i / 40f, 0.7f, 0.9f));
            g.fillOval((i * 97) % w, (i * 53) % h, 120 + i * 5, 120 + i * 5);
        }
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "jpg", out);
        return out.toByteArray();
    }
}
