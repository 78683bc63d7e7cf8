package dev.stowage.cli.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.gateway.DemoImages;
import dev.stowage.gateway.GatewayServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** {@code serve} as the command line starts it: the config file, the store allowlist and the demo store. */
class ServeCommandTest {
    @TempDir
    Path dir;

    /** Stands in for the top command, which owns the inherited {@code --config} option. */
    @Command(name = "stowage", subcommands = ServeCommand.class)
    static final class Top {
        @Option(names = "--config", scope = ScopeType.INHERIT)
        Path config;
    }

    /** A minimal HTTP client for the gateway the command starts. */
    private record Http(URI base) {
        HttpResponse<byte[]> get(String pathAndQuery) throws Exception {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(base + pathAndQuery)).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
        }
    }

    private ServeCommand parse(String... args) {
        CommandLine.ParseResult result = new CommandLine(new Top()).parseArgs(args);
        return (ServeCommand) result.subcommand().commandSpec().userObject();
    }

    private Path config() throws Exception {
        for (String name : List.of("a", "b")) {
            try (BlobStore s = BlobStores.open(Files.createDirectories(dir.resolve(name)).toUri().toString())) {
                DemoImages.seed(s);
            }
        }
        return Files.writeString(dir.resolve("stores.yml"), "stores:\n"
                + "  a:\n    uri: " + dir.resolve("a").toUri() + "\n"
                + "  b:\n    uri: " + dir.resolve("b").toUri() + "\n");
    }

    @Test
    void storeAllowlistLimitsWhatIsServed() throws Exception {
        Path config = config();
        ServeCommand serve = parse("serve", "--config", config.toString(), "--store", "a", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString(), "--cache-size", "64m");
        try (GatewayServer gateway = serve.start(new PrintWriter(new StringWriter()))) {
            Http http = new Http(gateway.baseUri());
            assertThat(http.get("/a/gradient.jpg").statusCode()).isEqualTo(200);
            assertThat(http.get("/b/gradient.jpg").statusCode()).isEqualTo(404);
            assertThat(http.get("/b/tr:w-10/gradient.jpg").statusCode()).isEqualTo(404);
        }
    }

    @Test
    void everyConfiguredStoreIsServedWithoutAllowlist() throws Exception {
        Path config = config();
        ServeCommand serve = parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString());
        try (GatewayServer gateway = serve.start(new PrintWriter(new StringWriter()))) {
            Http http = new Http(gateway.baseUri());
            assertThat(http.get("/a/gradient.jpg").statusCode()).isEqualTo(200);
            assertThat(http.get("/b/gradient.jpg").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void unknownAllowedStoreIsAUsageError() throws Exception {
        Path config = config();
        ServeCommand serve = parse("serve", "--config", config.toString(), "--store", "c", "--port", "0");
        assertThatThrownBy(() -> serve.start(new PrintWriter(new StringWriter())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("c")
                .hasMessageContaining("a, b");
    }

    @Test
    void withoutConfigTheDemoStoreIsServedAndEveryPrintedUrlWorks() throws Exception {
        StringWriter printed = new StringWriter();
        ServeCommand serve = parse("serve", "--port", "0", "--demo-dir", dir.resolve("demo").toString(),
                "--cache-dir", dir.resolve("cache").toString(), "--sign-key", "k3y");
        try (GatewayServer gateway = serve.start(new PrintWriter(printed))) {
            Http http = new Http(gateway.baseUri());
            assertThat(printed.toString()).contains("listening on " + gateway.baseUri()).contains("demo");
            Matcher m = Pattern.compile(Pattern.quote(gateway.baseUri().toString()) + "(\\S+)").matcher(printed.toString());
            int urls = 0;
            while (m.find()) {
                assertThat(http.get(m.group(1)).statusCode()).as(m.group()).isEqualTo(200);
                urls++;
            }
            assertThat(urls).isGreaterThanOrEqualTo(5);
            assertThat(printed.toString()).doesNotContain("k3y");
        }
    }

    private Path configWithRoute(String routeLine) throws Exception {
        Path config = config();
        try (BlobStore b = BlobStores.open(dir.resolve("b").toUri().toString())) {
            b.put("only-in-b.jpg", b.getBytes("gradient.jpg"));
        }
        return Files.writeString(config, Files.readString(config) + "routes:\n" + routeLine + "\n");
    }

    @Test
    void aRouteFromTheConfigFallsThroughAndNamesTheOrigin() throws Exception {
        Path config = configWithRoute("  both: [a, b]");
        StringWriter printed = new StringWriter();
        ServeCommand serve = parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString());
        try (GatewayServer gateway = serve.start(new PrintWriter(printed))) {
            Http http = new Http(gateway.baseUri());
            HttpResponse<byte[]> fromB = http.get("/both/only-in-b.jpg");
            assertThat(fromB.statusCode()).isEqualTo(200);
            assertThat(fromB.headers().firstValue("x-stowage-origin")).hasValue("b");
            assertThat(http.get("/both/tr:w-10/gradient.jpg").headers().firstValue("x-stowage-origin")).hasValue("a");
            assertThat(http.get("/a/only-in-b.jpg").statusCode()).isEqualTo(404);
            assertThat(printed.toString()).contains("both: route over a, b");
        }
    }

    @Test
    void aRouteMayBeChosenWithStoreAndBringsItsStores() throws Exception {
        Path config = configWithRoute("  both:\n    origins: [b, a]\n    skipUnavailable: true");
        ServeCommand serve = parse("--config", config.toString(), "serve", "--store", "both", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString());
        try (GatewayServer gateway = serve.start(new PrintWriter(new StringWriter()))) {
            Http http = new Http(gateway.baseUri());
            assertThat(http.get("/both/gradient.jpg").headers().firstValue("x-stowage-origin")).hasValue("b");
            assertThat(http.get("/a/gradient.jpg").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void eachCacheTierTakesItsOwnSizeAndAge() throws Exception {
        Path config = config();
        StringWriter printed = new StringWriter();
        ServeCommand serve = parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString(), "--cache-size", "16m",
                "--cache-originals", "64m,1h", "--cache-variants", "32m");
        try (GatewayServer gateway = serve.start(new PrintWriter(printed))) {
            String metrics = new String(new Http(gateway.baseUri()).get("/metrics").body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(metric(metrics, "stowage_cache_max_bytes")).isEqualTo(64L << 20);
            assertThat(metric(metrics, "stowage_cache_max_age_seconds")).isEqualTo(3600);
            assertThat(metric(metrics, "stowage_variant_max_bytes")).isEqualTo(32L << 20);
            assertThat(metric(metrics, "stowage_variant_max_age_seconds")).isEqualTo(7 * 24 * 3600);
            assertThat(printed.toString()).contains("originals 64m for 1h, variants 32m for 168h");
        }
    }

    @Test
    void theOldCacheSizeFlagSizesBothTiers() throws Exception {
        Path config = config();
        ServeCommand serve = parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString(), "--cache-size", "16m");
        try (GatewayServer gateway = serve.start(new PrintWriter(new StringWriter()))) {
            String metrics = new String(new Http(gateway.baseUri()).get("/metrics").body(),
                    java.nio.charset.StandardCharsets.UTF_8);
            assertThat(metric(metrics, "stowage_cache_max_bytes")).isEqualTo(16L << 20);
            assertThat(metric(metrics, "stowage_variant_max_bytes")).isEqualTo(16L << 20);
        }
    }

    /** A gauge's value in the Prometheus text /metrics answers; fails when it is missing. */
    private static double metric(String metrics, String name) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?m)^" + java.util.regex.Pattern.quote(name)
                + " ([0-9.E+-]+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in /metrics:\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }

    @Test
    void aBadCacheTierIsAUsageErrorNamingTheOption() throws Exception {
        Path config = config();
        assertThatThrownBy(() -> parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-variants", "1g,soon").start(new PrintWriter(new StringWriter())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--cache-variants")
                .hasMessageContaining("duration");
        assertThatThrownBy(() -> parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-originals", "1g,2h,3").start(new PrintWriter(new StringWriter())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--cache-originals")
                .hasMessageContaining("SIZE,TTL");
        assertThatThrownBy(() -> parse("--config", config.toString(), "serve", "--port", "0",
                "--cache-originals", "1g,0s").start(new PrintWriter(new StringWriter())))
                .isInstanceOf(CommandLine.ParameterException.class).hasMessageContaining("--cache-originals")
                .hasMessageContaining("positive");
    }

    @Test
    void storesNamedAccountSlashBucketAreServed() throws Exception {
        config();
        Path links = Files.writeString(dir.resolve("names.yml"), "stores:\n"
                + "  my-account/cars:\n    uri: " + dir.resolve("a").toUri() + "\n");
        ServeCommand serve = parse("--config", links.toString(), "serve", "--port", "0",
                "--cache-dir", dir.resolve("cache").toString());
        try (GatewayServer gateway = serve.start(new PrintWriter(new StringWriter()))) {
            Http http = new Http(gateway.baseUri());
            assertThat(http.get("/my-account/cars/gradient.jpg").statusCode()).isEqualTo(200);
            assertThat(http.get("/my-account%2Fcars/tr:w-10/gradient.jpg").statusCode()).isEqualTo(200);
        }
    }
}
