package dev.stowage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import org.junit.jupiter.api.Test;

class PublicUrlMapperTest {

    @Test
    void encodesEachSegmentAndKeepsSlashes() {
        PublicUrlMapper m = PublicUrlMapper.of("https://cdn.example.com/img");
        assertThat(m.map("a b/c+d%e/ü.jpg").toString())
                .isEqualTo("https://cdn.example.com/img/a%20b/c%2Bd%25e/%C3%BC.jpg");
    }

    @Test
    void virtualHostedAndPathStyleStorageUrls() {
        URI endpoint = URI.create("https://s3.eu-west-1.amazonaws.com");
        assertThat(PublicUrlMapper.storageUrl(endpoint, "bucket", false).map("k").toString())
                .isEqualTo("https://bucket.s3.eu-west-1.amazonaws.com/k");
        assertThat(PublicUrlMapper.storageUrl(URI.create("http://127.0.0.1:9000"), "bucket", true).map("k").toString())
                .isEqualTo("http://127.0.0.1:9000/bucket/k");
    }

    @Test
    void cnameUsesHttps() {
        assertThat(PublicUrlMapper.cname("images.example.com").map("x/y.png"))
                .isEqualTo(URI.create("https://images.example.com/x/y.png"));
    }

    @Test
    void refusesRelativeOrNonHttpBase() {
        assertThatThrownBy(() -> PublicUrlMapper.of("cdn.example.com")).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> PublicUrlMapper.of("ftp://x/")).hasMessageContaining("absolute http(s) URL");
        assertThatThrownBy(() -> PublicUrlMapper.of("https://x/?a=b")).hasMessageContaining("query");
    }

    @Test
    void mappingValidatesTheKey() {
        assertThatThrownBy(() -> PublicUrlMapper.of("https://x/").map("../etc/passwd"))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
