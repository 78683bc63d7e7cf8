package dev.stowage.testkit.emulator;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.HexFormat;
import java.util.List;

/**
 * A self-signed RSA certificate for 127.0.0.1 made with openssl for one fixture run, as the PEM files FTP servers
 * read, with its SHA-256 fingerprint for clients that pin it.
 *
 * @param certificate the certificate (PEM)
 * @param key         the unencrypted private key (PEM)
 * @param combined    key and certificate in one PEM file (pure-ftpd's format)
 * @param fingerprint the certificate's SHA-256 fingerprint, lowercase hex
 */
record ThrowawayCertificate(Path certificate, Path key, Path combined, String fingerprint) {

    static ThrowawayCertificate make(Path dir) throws IOException {
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("key.pem");
        LocalFileServer.run(List.of("openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout",
                key.toString(), "-out", cert.toString(), "-days", "2", "-subj", "/CN=127.0.0.1",
                "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"));
        Path combined = dir.resolve("combined.pem");
        Files.writeString(combined, Files.readString(key) + Files.readString(cert));
        try (InputStream in = Files.newInputStream(cert)) {
            Certificate c = CertificateFactory.getInstance("X.509").generateCertificate(in);
            String fingerprint = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(c.getEncoded()));
            return new ThrowawayCertificate(cert, key, combined, fingerprint);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the certificate openssl made", e);
        }
    }
}
