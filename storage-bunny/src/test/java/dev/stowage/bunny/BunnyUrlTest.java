package dev.stowage.bunny;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ErrorCode;
import dev.stowage.SignedUrlOptions;
import dev.stowage.StorageException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

/** Public URLs from a pull zone or a configured base, and token-signed pull zone URLs. No request is made. */
class BunnyUrlTest {
    private static BlobStore open(String extra) {
        return BlobStores.open("bunny://zone/media?accessKey=pw" + extra);
    }

    @Test
    void pullZoneGivesTheDefaultPublicBaseIncludingTheStoreFolder() {
        try (BlobStore store = open("&pullZone=myzone")) {
            assertThat(store.capabilities().publicUrl()).isTrue();
            assertThat(store.publicUrl("a b/c+d.jpg"))
                    .hasToString("https://myzone.b-cdn.net/media/a%20b/c%2Bd.jpg");
        }
    }

    @Test
    void withoutPullZoneOrBaseThereIsNoPublicUrl() {
        try (BlobStore store = open("")) {
            assertThat(store.capabilities().publicUrl()).isFalse();
            assertThat(store.capabilities().signedUrl()).isFalse();
            assertThatThrownBy(() -> store.publicUrl("a.jpg")).isInstanceOfSatisfying(StorageException.class,
                    e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        }
    }

    @Test
    void signedUrlCarriesTokenAndExpiresOverThePullZonePath() throws Exception {
        long before = Instant.now().plusSeconds(600).getEpochSecond();
        URI url;
        try (BlobStore store = open("&pullZone=myzone&tokenKey=SecurityKey")) {
            assertThat(store.capabilities().signedUrl()).isTrue();
            url = store.signedUrl("cat 1.jpg", SignedUrlOptions.get(Duration.ofMinutes(10)));
        }
        assertThat(url.getRawPath()).isEqualTo("/media/cat%201.jpg");
        assertThat(url.getHost()).isEqualTo("myzone.b-cdn.net");
        String query = url.getRawQuery();
        assertThat(query).matches("token=HS256-[A-Za-z0-9_-]{43}&expires=\\d+");
        long expires = Long.parseLong(query.substring(query.indexOf("expires=") + 8));
        assertThat(expires).isBetween(before, before + 5);
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec("SecurityKey".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "HS256-" + Base64.getUrlEncoder().withoutPadding().encodeToString(
                mac.doFinal(("/media/cat%201.jpg" + expires).getBytes(StandardCharsets.UTF_8)));
        assertThat(query).startsWith("token=" + expected + "&");
    }

    @Test
    void signedUrlUsesTheConfiguredBaseRelativeToTheStoreFolder() {
        try (BlobStore store = open("&publicUrlBase=https://cdn.example.com/assets/&tokenKey=k")) {
            URI url = store.signedUrl("x/y.png", SignedUrlOptions.get(Duration.ofMinutes(1)));
            assertThat(url.toString()).startsWith("https://cdn.example.com/assets/x/y.png?token=HS256-");
            assertThat(store.publicUrl("x/y.png")).hasToString("https://cdn.example.com/assets/x/y.png");
        }
    }

    @Test
    void signedUploadUrlsAreRefused() {
        try (BlobStore store = open("&pullZone=myzone&tokenKey=k")) {
            assertThatThrownBy(() -> store.signedUrl("a", SignedUrlOptions.put(Duration.ofMinutes(1), null)))
                    .isInstanceOfSatisfying(StorageException.class,
                            e -> assertThat(e.code()).isEqualTo(ErrorCode.UNSUPPORTED));
        }
    }
}
