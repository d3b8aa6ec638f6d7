package io.acu.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;

/**
 * The site's cabinet signing key pair (ECDSA P-256) as PEM files, what manifest-builder's
 * {@code acu.signing.private-key-file} and {@code acu.signing.public-key-file} read: replicas of manifest-builder must
 * sign with one key, or a cabinet signed by one would not verify against the key another serves.
 *
 * @param privateKeyPem the PKCS#8 private key ({@code -----BEGIN PRIVATE KEY-----})
 * @param publicKeyPem the X.509 SubjectPublicKeyInfo ({@code -----BEGIN PUBLIC KEY-----})
 */
record CabinetSigningKey(Path privateKeyPem, Path publicKeyPem) {

    /**
     * Makes a key pair and writes it to {@code dir/cabinet-signing-private.pem} and {@code dir/cabinet-signing-public.pem}.
     *
     * @throws UncheckedIOException when the files cannot be written
     */
    static CabinetSigningKey create(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair keys = generator.generateKeyPair();
            Files.createDirectories(dir);
            Path privatePem = write(dir.resolve("cabinet-signing-private.pem"), "PRIVATE KEY", keys.getPrivate().getEncoded());
            Path publicPem = write(dir.resolve("cabinet-signing-public.pem"), "PUBLIC KEY", keys.getPublic().getEncoded());
            return new CabinetSigningKey(privatePem, publicPem);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK cannot make an EC P-256 key pair", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the cabinet signing key under " + dir, e);
        }
    }

    private static Path write(Path file, String label, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n", StandardCharsets.US_ASCII);
        return file;
    }
}
