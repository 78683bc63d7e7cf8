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
}
