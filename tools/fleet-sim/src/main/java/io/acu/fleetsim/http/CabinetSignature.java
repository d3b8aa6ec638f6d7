package io.acu.fleetsim.http;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.Objects;

/**
 * The detached signature of a package version's ccmsetup.cab, as manifest-builder makes it (its
 * {@code CabinetSigner}: JCA {@code SHA256withECDSA} over the cabinet's bytes, DER, Base64) and publishes it (the
 * package version's {@code cabSignature} / {@code signatureAlgorithm}, ManifestUpdated's CabinetFile), with the
 * check a client makes before it trusts the manifest inside.
 *
 * @param signatureBase64 the signature, Base64 (RFC 4648, padded)
 * @param algorithm the JCA signature algorithm, e.g. {@code SHA256withECDSA}
 */
public record CabinetSignature(String signatureBase64, String algorithm) {

    /** @throws NullPointerException for a missing part */
    public CabinetSignature {
        Objects.requireNonNull(signatureBase64, "signatureBase64");
        Objects.requireNonNull(algorithm, "algorithm");
    }

    /**
     * @param cabinet the downloaded cabinet, whole
     * @param key the verification key (manifest-builder's {@code /api/signing-key})
     * @return whether the signature holds for these bytes; false also for an unreadable signature or an algorithm
     *     the JDK does not know
     */
    public boolean verifies(byte[] cabinet, PublicKey key) {
        try {
            Signature verifier = Signature.getInstance(algorithm);
            verifier.initVerify(key);
            verifier.update(cabinet);
            return verifier.verify(Base64.getDecoder().decode(signatureBase64));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Reads a PEM {@code PUBLIC KEY} (X.509 SubjectPublicKeyInfo, RFC 7468) of an EC or RSA key.
     *
     * @throws IllegalArgumentException when the text is not such a key
     */
    public static PublicKey publicKeyFromPem(String pem) {
        String begin = "-----BEGIN PUBLIC KEY-----";
        String end = "-----END PUBLIC KEY-----";
        int from = pem.indexOf(begin);
        int to = pem.indexOf(end);
        if (from < 0 || to < from) {
            throw new IllegalArgumentException("not a PEM PUBLIC KEY");
        }
        byte[] der;
        try {
            der = Base64.getMimeDecoder().decode(pem.substring(from + begin.length(), to).getBytes(StandardCharsets.US_ASCII));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("PEM PUBLIC KEY body is not Base64", e);
        }
        for (String type : new String[] {"EC", "RSA"}) {
            try {
                return KeyFactory.getInstance(type).generatePublic(new X509EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                // try the next key type
            }
        }
        throw new IllegalArgumentException("PEM PUBLIC KEY is neither an EC nor an RSA key");
    }
}
