package io.berth.testing.registry;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.berth.testing.Command;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Signature;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Signs registry tokens (JWTs, RS256) with the key of a self-signed certificate made by the
 * running JDK's {@code keytool}. The registry trusts the certificate through {@code
 * rootcertbundle}; each token carries it in the header's {@code x5c}, so distribution finds the
 * key by verifying that chain rather than by a libtrust key ID.
 */
final class TokenSigner {
    private static final Path KEYTOOL = Path.of(System.getProperty("java.home"), "bin", "keytool");
    private static final String ALIAS = "token";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private final PrivateKey key;
    private final X509Certificate certificate;

    private TokenSigner(PrivateKey key, X509Certificate certificate) {
        this.key = key;
        this.certificate = certificate;
    }

    /** Makes a fresh key pair and certificate in {@code dir} (a keystore and the PEM the registry reads). */
    static TokenSigner create(Path dir, String subject) throws IOException {
        Path keystore = dir.resolve("token-signer.p12");
        // a keystore password only keeps keytool quiet; the directory is private to the test
        String password = "berth-test-" + Long.toHexString(System.nanoTime());
        Command.of(KEYTOOL.toString(), "-genkeypair", "-alias", ALIAS, "-keyalg", "RSA", "-keysize", "2048",
                "-sigalg", "SHA256withRSA", "-dname", "CN=" + subject, "-validity", "2", "-storetype", "PKCS12",
                "-keystore", keystore.toString(), "-storepass", password, "-keypass", password).check();
        try (InputStream in = Files.newInputStream(keystore)) {
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(in, password.toCharArray());
            PrivateKey key = (PrivateKey) store.getKey(ALIAS, password.toCharArray());
            X509Certificate certificate = (X509Certificate) store.getCertificate(ALIAS);
            TokenSigner signer = new TokenSigner(key, certificate);
            Files.writeString(dir.resolve("token-signer.pem"), signer.certificatePem());
            return signer;
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot read the key keytool made in " + keystore + ": " + e.getMessage(), e);
        }
    }

    /** The certificate in PEM, as distribution's {@code rootcertbundle} wants it. */
    String certificatePem() {
        try {
            String base64 = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                    .encodeToString(certificate.getEncoded());
            return "-----BEGIN CERTIFICATE-----\n" + base64 + "\n-----END CERTIFICATE-----\n";
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("keytool made a certificate that cannot be encoded", e);
        }
    }

    /** A compact JWS: base64url(header).base64url(claims).base64url(RS256 signature). */
    String sign(Map<String, Object> claims) {
        try {
            Map<String, Object> header = new LinkedHashMap<>();
            header.put("typ", "JWT");
            header.put("alg", "RS256");
            header.put("x5c", List.of(Base64.getEncoder().encodeToString(certificate.getEncoded())));
            String signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(key);
            rsa.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(rsa.sign());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("cannot sign a registry token: " + e.getMessage(), e);
        }
    }
}
