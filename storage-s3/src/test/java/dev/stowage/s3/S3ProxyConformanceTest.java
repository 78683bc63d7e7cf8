package dev.stowage.s3;

import dev.stowage.BlobInfo;
import dev.stowage.BlobStore;
import dev.stowage.BlobStores;
import dev.stowage.ContentSource;
import dev.stowage.PutOptions;
import dev.stowage.layer.ForwardingBlobStore;
import dev.stowage.testkit.BlobStoreContract;
import dev.stowage.testkit.emulator.S3ProxyEmulator;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The S3 driver against the whole conformance kit, on an embedded S3Proxy, each test in a fresh folder. */
class S3ProxyConformanceTest extends BlobStoreContract {
    private static final String BUCKET = "conformance";
    private static S3ProxyEmulator s3;

    @BeforeAll
    static void startEmulator() throws Exception {
        s3 = S3ProxyEmulator.start();
        s3.createBucket(BUCKET);
    }

    @AfterAll
    static void stopEmulator() throws Exception {
        s3.close();
    }

    @Override
    protected BlobStore openStore(String namespace) {
        return new JettyCharsetQuirk(BlobStores.open(s3.storeUri(BUCKET, namespace)));
    }

    @Override
    protected BlobStore openStoreWithPublicUrlBase(String namespace, String publicUrlBase) {
        return BlobStores.open(s3.storeUri(BUCKET, namespace) + "&publicUrlBase="
                + URLEncoder.encode(publicUrlBase, StandardCharsets.UTF_8));
    }

    /**
     * Skipped with the reason: the AWS SDK for Java v2 sends the second slash of {@code a//b} as {@code %2F} and
     * S3Proxy 2.6.0 refuses the request with SignatureDoesNotMatch, while the AWS SDK for JavaScript, which sends the
     * path as is, writes and reads such keys on it (S3InteropTest). Not yet proven against AWS itself.
     */
    @Test
    @Override
    public void keyWithEmptySegmentsIsHeldApartFromItsCollapsedFormWhereKeysAreLoose() {
        Assumptions.abort("skipped: S3Proxy 2.6.0 refuses the AWS SDK for Java v2's requests for keys with '//' "
                + "(SignatureDoesNotMatch on the %2F it sends for the second slash)");
    }

    // publicUrlsAreServed() stays false: S3Proxy 2.6.0 answers anonymous object GETs with 403 unless the object
    // itself has a public-read ACL, and with 404 for keys holding percent-encoded characters.

    /**
     * S3Proxy's Jetty 11 rewrites the header {@code Content-Type: text/plain;charset=utf-8} before S3Proxy checks
     * the signature, so a request carrying exactly that value is refused with SignatureDoesNotMatch (AWS accepts
     * it). The driver sends content types unchanged, which is right for AWS; for this emulator only, the charset
     * name (case-insensitive by RFC 2978) is sent in upper case, which Jetty leaves alone.
     */
    private static final class JettyCharsetQuirk extends ForwardingBlobStore {
        JettyCharsetQuirk(BlobStore delegate) {
            super(delegate);
        }

        @Override
        public BlobInfo put(String key, ContentSource content, PutOptions options) {
            if (options != null && options.contentType() != null) {
                String type = options.contentType().replaceAll("(?i)charset=utf-8", "charset=UTF-8");
                options = options.toBuilder().contentType(type).build();
            }
            return delegate.put(key, content, options);
        }
    }
}
