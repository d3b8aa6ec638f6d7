package io.acu.contracts;

/**
 * The ccmsetup.cab of a package version: the Microsoft Cabinet file that carries ccmsetup.xml, with the detached
 * signature clients check before they trust the manifest.
 *
 * @param fileName the cabinet's file name in the package, {@code ccmsetup.cab}
 * @param sha256 SHA-256 of the cabinet, 64 upper-case hex digits (lower case is accepted and upper-cased)
 * @param sizeBytes the cabinet's size in bytes
 * @param signatureBase64 the detached signature over the cabinet's bytes, Base64 (RFC 4648, with padding); for
 *     ECDSA the DER-encoded signature the JDK's {@code Signature} produces
 * @param signatureAlgorithm the JCA name of the signature algorithm, e.g. {@code SHA256withECDSA} or
 *     {@code SHA256withRSA}
 * @param verificationKeyUrl URL of the public key that verifies the signature (X.509 SubjectPublicKeyInfo, PEM),
 *     served by manifest-builder
 */
public record CabinetFile(
        String fileName,
        String sha256,
        long sizeBytes,
        String signatureBase64,
        String signatureAlgorithm,
        String verificationKeyUrl) {

    /**
     * Checks the fields and upper-cases the hash.
     *
     * @throws NullPointerException if a field is null
     * @throws IllegalArgumentException if a text is blank, the hash is not 64 hex digits or the size is negative
     */
    public CabinetFile {
        Checks.text(fileName, "fileName");
        sha256 = Checks.sha256(sha256, "sha256");
        Checks.notNegative(sizeBytes, "sizeBytes");
        Checks.text(signatureBase64, "signatureBase64");
        Checks.text(signatureAlgorithm, "signatureAlgorithm");
        Checks.text(verificationKeyUrl, "verificationKeyUrl");
    }
}
