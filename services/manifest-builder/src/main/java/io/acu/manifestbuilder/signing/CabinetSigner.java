package io.acu.manifestbuilder.signing;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Signs ccmsetup.cab with a detached ECDSA P-256 / SHA-256 signature (JCA {@code SHA256withECDSA}, DER-encoded as
 * the JDK writes it) so that clients can check a cabinet before trusting its manifest.
 *
 * <p>The key pair comes from {@code acu.signing.private-key-file} (PKCS#8, PEM {@code PRIVATE KEY}) and
 * {@code acu.signing.public-key-file} (X.509 SubjectPublicKeyInfo, PEM {@code PUBLIC KEY}), e.g. a mounted
 * Kubernetes Secret; both or neither. With neither, a key pair is generated at start (demo and tests): cabinets
 * signed before a restart then no longer verify against the served key.
 */
@ApplicationScoped
public class CabinetSigner {

    /** The JCA signature algorithm name, as published in ManifestUpdated's CabinetFile. */
    public static final String ALGORITHM = "SHA256withECDSA";
    private static final Logger LOG = Logger.getLogger(CabinetSigner.class);

    private final PrivateKey privateKey;
    private final PublicKey publicKey;

    CabinetSigner(@ConfigProperty(name = "acu.signing.private-key-file") Optional<Path> privateKeyFile,
            @ConfigProperty(name = "acu.signing.public-key-file") Optional<Path> publicKeyFile) {
        try {
            if (privateKeyFile.isPresent() != publicKeyFile.isPresent()) {
                throw new IllegalStateException("set both acu.signing.private-key-file and acu.signing.public-key-file, or neither");
            }
            if (privateKeyFile.isPresent()) {
                KeyFactory ec = KeyFactory.getInstance("EC");
                privateKey = ec.generatePrivate(new PKCS8EncodedKeySpec(pem(privateKeyFile.get(), "PRIVATE KEY")));
                publicKey = ec.generatePublic(new X509EncodedKeySpec(pem(publicKeyFile.get(), "PUBLIC KEY")));
            } else {
                KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
                generator.initialize(new ECGenParameterSpec("secp256r1"));
                KeyPair pair = generator.generateKeyPair();
                privateKey = pair.getPrivate();
                publicKey = pair.getPublic();
                LOG.warn("No acu.signing.*-key-file configured: generated an ECDSA P-256 key pair for this run");
            }
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot load the cabinet signing key: " + e.getMessage(), e);
        }
    }

    /**
     * Signs {@code data}.
     *
     * @return the DER signature, Base64 (RFC 4648, padded)
     */
    public String sign(byte[] data) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(data);
            return Base64.getEncoder().encodeToString(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("signing failed", e);
        }
    }

    /** The verification key as PEM ({@code -----BEGIN PUBLIC KEY-----}, X.509 SubjectPublicKeyInfo, RFC 7468). */
    public String publicKeyPem() {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(publicKey.getEncoded());
        return "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n";
    }

    /** The verification key. */
    public PublicKey publicKey() {
        return publicKey;
    }

    private static byte[] pem(Path file, String label) {
        try {
            String text = Files.readString(file, StandardCharsets.US_ASCII);
            String begin = "-----BEGIN " + label + "-----";
            String end = "-----END " + label + "-----";
            int from = text.indexOf(begin);
            int to = text.indexOf(end);
            if (from < 0 || to < from) {
                throw new IllegalStateException(file + " is not a PEM '" + label + "'");
            }
            return Base64.getMimeDecoder().decode(text.substring(from + begin.length(), to));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
