package io.acu.infra.quarkus;

import io.quarkus.test.common.QuarkusTestResourceLifecycleManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Map;

/**
 * Quarkus test resource: generates an RSA-2048 key pair for the test run (files under {@code target/jwt-test/}) and
 * points the service's JWT verification (MicroProfile JWT) at its public key and {@link TestTokens#ISSUER} and
 * {@link TestTokens#AUDIENCE};
 * {@link TestTokens} signs test tokens with the private key. Register with
 * {@code @WithTestResource(value = JwtTestResource.class, parallel = true)}.
 */
public class JwtTestResource implements QuarkusTestResourceLifecycleManager {

    static final Path DIR = Path.of("target", "jwt-test").toAbsolutePath();
    static final Path PRIVATE_KEY = DIR.resolve("private.pem");
    static final Path PUBLIC_KEY = DIR.resolve("public.pem");

    @Override
    public Map<String, String> start() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair pair = generator.generateKeyPair();
            Files.createDirectories(DIR);
            Files.writeString(PRIVATE_KEY, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
            Files.writeString(PUBLIC_KEY, pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Map.of("mp.jwt.verify.publickey.location", PUBLIC_KEY.toUri().toString(), "mp.jwt.verify.issuer", TestTokens.ISSUER,
                "mp.jwt.verify.audiences", TestTokens.AUDIENCE);
    }

    @Override
    public void stop() {
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + label + "-----\n";
    }
}
