package dev.stowage.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;

/** Speaks HTTP to a running gateway for the tests. */
final class HttpTester {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final URI base;

    HttpTester(URI base) {
        this.base = base;
    }

    HttpResponse<byte[]> get(String pathAndQuery, String... headers) {
        return send("GET", pathAndQuery, headers);
    }

    HttpResponse<byte[]> head(String pathAndQuery, String... headers) {
        return send("HEAD", pathAndQuery, headers);
    }

    HttpResponse<byte[]> send(String method, String pathAndQuery, String... headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + pathAndQuery))
                .timeout(Duration.ofSeconds(30)).method(method, HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            b.headers(headers);
        }
        try {
            return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    String body(String pathAndQuery) {
        return new String(get(pathAndQuery).body(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A counter or gauge from /metrics; fails when /metrics does not have it. */
    double metric(String name) {
        String metrics = body("/metrics");
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + " ([0-9.E+-]+)$").matcher(metrics);
        if (!m.find()) {
            throw new AssertionError("no " + name + " in /metrics:\n" + metrics);
        }
        return Double.parseDouble(m.group(1));
    }

    static BufferedImage image(HttpResponse<byte[]> response) {
        try {
            BufferedImage img = ImageIO.read(new ByteArrayInputStream(response.body()));
            if (img == null) {
                throw new AssertionError("not a readable image: " + response.headers().firstValue("content-type"));
            }
            return img;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
