package dev.stowage.ftp;

import dev.stowage.StoreConfig;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.Locale;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * How an FTPS server's certificate is trusted: a pinned SHA-256 fingerprint ({@code tlsFingerprint}), a trust
 * store ({@code trustStore}, {@code trustStorePassword}), or the JDK's default trust with host name checking.
 * A refused certificate's message names its fingerprint so that it can be checked and pinned.
 *
 * @param fingerprint the pinned fingerprint (lower-case hex), or {@code null}
 * @param trustStore  a trust store file, or {@code null}
 * @param password    the trust store's password, or {@code null}
 */
record TlsTrust(String fingerprint, Path trustStore, String password) {

    static TlsTrust from(StoreConfig config) {
        String pin = config.option("tlsFingerprint").map(TlsTrust::normalise).orElse(null);
        if (pin != null && !pin.matches("[0-9a-f]{64}")) {
            throw config.misconfigured("option 'tlsFingerprint' must be the certificate's SHA-256 fingerprint as 64 "
                    + "hex digits (colons allowed, optional 'SHA256:' prefix)");
        }
        Path store = config.option("trustStore").map(Path::of).orElse(null);
        if (store != null && !Files.isReadable(store)) {
            throw config.misconfigured("trust store '" + store + "' (option trustStore) cannot be read");
        }
        return new TlsTrust(pin, store, config.option("trustStorePassword").orElse(null));
    }

    /** Whether host names are checked: not when the certificate itself is pinned. */
    boolean checksHostName() {
        return fingerprint == null;
    }

    TrustManager trustManager() throws IOException, GeneralSecurityException {
        if (fingerprint != null) {
            return new Pinned(fingerprint);
        }
        KeyStore ks = null;
        if (trustStore != null) {
            ks = KeyStore.getInstance(KeyStore.getDefaultType());
            try (InputStream in = Files.newInputStream(trustStore)) {
                ks.load(in, password == null ? null : password.toCharArray());
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return new Naming(x);
            }
        }
        throw new GeneralSecurityException("no X.509 trust manager available");
    }

    static String normalise(String fingerprint) {
        String f = fingerprint.strip().toLowerCase(Locale.ROOT);
        if (f.startsWith("sha256:")) {
            f = f.substring(7);
        }
        return f.replace(":", "");
    }

    static String fingerprintOf(X509Certificate cert) throws CertificateException {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(cert.getEncoded()));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new CertificateException(e);
        }
    }

    /** Trusts exactly one certificate. */
    private record Pinned(String expected) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            String seen = fingerprintOf(chain[0]);
            if (!seen.equals(expected)) {
                throw new CertificateException("the server's certificate has SHA-256 fingerprint " + seen
                        + ", not the pinned " + expected);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }

    /** The default checks, with the refused certificate's fingerprint added to the failure. */
    private record Naming(X509TrustManager delegate) implements X509TrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                delegate.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                throw new CertificateException("the server's certificate (" + chain[0].getSubjectX500Principal()
                        + ", SHA-256 fingerprint " + fingerprintOf(chain[0]) + ") is not trusted: " + e.getMessage(), e);
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            delegate.checkClientTrusted(chain, authType);
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return delegate.getAcceptedIssuers();
        }
    }
}
