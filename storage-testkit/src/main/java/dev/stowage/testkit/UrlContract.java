package dev.stowage.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.stowage.BlobStore;
import dev.stowage.ErrorCode;
import dev.stowage.SignedUrlOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Public URLs (mapped, never fetched by the store) and signed URLs (fetched over HTTP here). */
public interface UrlContract extends StoreUnderTest {
    /** The public URL base used by the mapping tests. */
    String CDN_BASE = "https://cdn.example.com/assets/";

    private BlobStore mappedStore() {
        return storeWithPublicUrlBase(CDN_BASE).orElseGet(() -> {
            Assumptions.abort("skipped: the driver's test does not open stores with a publicUrlBase "
                    + "(override BlobStoreContract.openStoreWithPublicUrlBase)");
            return null;
        });
    }

    private static HttpResponse<byte[]> fetch(URI url) throws IOException, InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
        return client.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    default void publicUrlStartsWithTheConfiguredBase() {
        BlobStore mapped = mappedStore();
        assertThat(mapped.publicUrl("img/cat.jpg")).hasToString(CDN_BASE + "img/cat.jpg");
    }

    @Test
    default void publicUrlPercentEncodesEachSegment() {
        BlobStore mapped = mappedStore();
        assertThat(mapped.publicUrl("a b/c+d/e%f/g#h?i.jpg").toString())
                .isEqualTo(CDN_BASE + "a%20b/c%2Bd/e%25f/g%23h%3Fi.jpg");
    }

    @Test
    default void publicUrlEncodesUnicodeAsUtf8() {
        BlobStore mapped = mappedStore();
        assertThat(mapped.publicUrl("caf\u00e9/\uD83D\uDE00.png").toString())
                .isEqualTo(CDN_BASE + "caf%C3%A9/%F0%9F%98%80.png");
    }

    @Test
    default void publicUrlOfMissingKeyIsStillMappedWithoutFetching() {
        BlobStore mapped = mappedStore();
        assertThat(mapped.exists("not-written.txt")).isFalse();
        assertThat(mapped.publicUrl("not-written.txt")).hasToString(CDN_BASE + "not-written.txt");
    }

    @Test
    default void publicUrlOfInvalidKeyIsRefused() {
        BlobStore mapped = mappedStore();
        assertThatThrownBy(() -> mapped.publicUrl("../secret"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("../secret");
    }

    @Test
    default void publicUrlWithoutAnyPublicAddressIsUnsupported() {
        assumeNoCapability(caps().publicUrl(), "public URLs");
        failsWith(ErrorCode.UNSUPPORTED, () -> store().publicUrl("a.txt"));
    }

    @Test
    default void publicUrlIsServedOverHttp() throws Exception {
        Assumptions.assumeTrue(servesPublicUrls(), "skipped: the driver's test does not say its public URLs are "
                + "served here (override BlobStoreContract.publicUrlsAreServed)");
        byte[] data = StoreUnderTest.randomBytes(2_000, 21);
        store().put("public/a b.bin", data);
        HttpResponse<byte[]> response = fetch(store().publicUrl("public/a b.bin"));
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
    }

    @Test
    default void signedUrlGetReturnsTheBytes() throws Exception {
        assumeCapability(caps().signedUrl(), "signed URLs");
        byte[] data = StoreUnderTest.randomBytes(3_000, 22);
        store().put("signed/a b+c.bin", data);
        URI url = store().signedUrl("signed/a b+c.bin", SignedUrlOptions.get(Duration.ofMinutes(5)));
        HttpResponse<byte[]> response = fetch(url);
        assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
        assertThat(response.body()).isEqualTo(data);
    }

    @Test
    default void signedUrlWithTamperedSignatureIsRefused() throws Exception {
        assumeCapability(caps().signedUrl(), "signed URLs");
        store().put("signed.txt", bytes("secret"));
        URI url = store().signedUrl("signed.txt", SignedUrlOptions.get(Duration.ofMinutes(5)));
        URI tampered = tamper(url);
        assertThat(tampered).isNotEqualTo(url);
        assertThat(fetch(tampered).statusCode()).as("GET %s", tampered).isNotIn(200, 201, 202, 203, 204, 205, 206);
    }

    @Test
    default void signedUrlOnIncapableStoreIsUnsupported() {
        assumeNoCapability(caps().signedUrl(), "signed URLs");
        putText("a.txt", "x");
        failsWith(ErrorCode.UNSUPPORTED, () -> store().signedUrl("a.txt", SignedUrlOptions.get(Duration.ofMinutes(1))));
    }

    /** Changes one character of the signature parameter (any query parameter whose name contains "sig"). */
    private static URI tamper(URI url) {
        String s = url.toString();
        Matcher m = Pattern.compile("([?&][^=&]*[sS][iI][gG][^=&]*=)([^&]+)").matcher(s);
        int at;
        if (m.find()) {
            at = m.start(2) + m.group(2).length() / 2;
        } else {
            at = s.length() - 1; // no named signature: the last character of a signed URL is part of its proof
        }
        // step to a letter or digit that is not part of a %XX escape, so the URL stays well-formed
        while (at > 0 && (!Character.isLetterOrDigit(s.charAt(at)) || s.charAt(at - 1) == '%'
                || (at > 1 && s.charAt(at - 2) == '%'))) {
            at--;
        }
        char c = s.charAt(at);
        char replacement = Character.isDigit(c) ? (c == '0' ? '1' : '0') : (c == 'A' ? 'B' : 'A');
        return URI.create(s.substring(0, at) + replacement + s.substring(at + 1));
    }
}
