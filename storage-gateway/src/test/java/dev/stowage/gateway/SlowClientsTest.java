package dev.stowage.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Clients that request a large original and never read it (raw sockets with tiny receive buffers) must not hold
 * the gateway's workers: while 200 of them hang on, {@code /health} and cached variants answer within a second,
 * the stream cap answers further large bodies with 503, and the idle timeout frees everything afterwards.
 */
class SlowClientsTest {
    private static final int CLIENTS = 200;
    private static final int MAX_STREAMS = 150;

    @TempDir
    Path dir;

    @Test
    void twoHundredClientsThatNeverReadDoNotStarveHealthOrCachedVariants() throws Exception {
        BlobStore store = BlobStores.open(Files.createDirectories(dir.resolve("images")).toUri().toString());
        DemoImages.seed(store);
        byte[] big = new byte[16 << 20]; // larger than loopback socket buffers can swallow
        new Random(42).nextBytes(big);
        store.put("big.bin", big);
        List<Socket> sockets = new ArrayList<>();
        try (GatewayServer g = GatewayServer.start(GatewayOptions.builder(dir.resolve("cache")).port(0)
                .idleTimeout(Duration.ofSeconds(15)).maxStreams(MAX_STREAMS).build(), Map.of("img", store));
             LogCapture gatewayLog = new LogCapture(Level.DEBUG);
             LogCapture jettyLog = new LogCapture("org.eclipse.jetty", Level.INFO)) {
            HttpTester http = new HttpTester(g.baseUri());
            assertThat(http.get("/img/big.bin").body()).hasSize(big.length); // now in the cache of originals
            byte[] variant = http.get("/img/tr:w-120/gradient.jpg").body();

            byte[] request = "GET /img/big.bin HTTP/1.1\r\nHost: gw\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
            try {
                for (int i = 0; i < CLIENTS; i++) {
                    Socket s = new Socket();
                    s.setReceiveBufferSize(1024); // before connecting, so the advertised window stays small
                    s.connect(new InetSocketAddress("127.0.0.1", g.port()), 5_000);
                    s.getOutputStream().write(request);
                    sockets.add(s);
                }
                long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
                double streaming = 0;
                while (streaming < MAX_STREAMS && System.nanoTime() < deadline) {
                    Thread.sleep(20); // the 200 requests are being answered; poll the gauge within a bound
                    streaming = http.metric("stowage_streams_in_flight");
                }
                assertThat(streaming).as("every stream slot held by a non-reader").isEqualTo(MAX_STREAMS);

                for (int i = 0; i < 5; i++) {
                    long t0 = System.nanoTime();
                    HttpResponse<byte[]> health = http.get("/health");
                    long healthMillis = (System.nanoTime() - t0) / 1_000_000;
                    t0 = System.nanoTime();
                    HttpResponse<byte[]> cached = http.get("/img/tr:w-120/gradient.jpg");
                    long variantMillis = (System.nanoTime() - t0) / 1_000_000;
                    assertThat(health.statusCode()).isEqualTo(200);
                    assertThat(healthMillis).as("/health while 200 clients hang").isLessThan(1_000);
                    assertThat(cached.body()).isEqualTo(variant);
                    assertThat(variantMillis).as("cached variant while 200 clients hang").isLessThan(1_000);
                }
                HttpResponse<byte[]> capped = http.get("/img/big.bin");
                assertThat(capped.statusCode()).isEqualTo(503);
                assertThat(capped.headers().firstValue("retry-after")).hasValue("1");
            } finally {
                for (Socket s : sockets) {
                    closeQuietly(s);
                }
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (http.metric("stowage_streams_in_flight") > 0 && System.nanoTime() < deadline) {
                Thread.sleep(50); // polling a gauge the idle timeout brings down, within a bound
            }
            assertThat(http.metric("stowage_streams_in_flight")).as("slots given back").isZero();
            assertThat(http.get("/img/big.bin").statusCode()).isEqualTo(200);

            List<ILoggingEvent> aborts = gatewayLog.at(Level.DEBUG).stream()
                    .filter(e -> e.getFormattedMessage().contains("response not completed")).toList();
            assertThat(aborts).as("each abort is one debug line").isNotEmpty()
                    .allSatisfy(e -> assertThat(e.getThrowableProxy()).isNull());
            assertThat(gatewayLog.at(Level.WARN)).as("only the refusals of the stream cap, one line each")
                    .allSatisfy(e -> assertThat(e.getFormattedMessage()).contains("503")
                            .contains("too many responses are being streamed"));
            assertThat(jettyLog.events()).filteredOn(e -> e.getLevel().isGreaterOrEqual(Level.WARN))
                    .filteredOn(e -> e.getThrowableProxy() != null).isEmpty();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing is all the test wants
        }
    }
}
