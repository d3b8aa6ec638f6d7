package io.acu.infra.quarkus;

import io.smallrye.jwt.build.Jwt;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.Set;

/**
 * Bearer tokens for a service's tests, signed (RS256) with {@link JwtTestResource}'s private key, with the groups acu's
 * services check ({@code acu-admin}, {@code acu-viewer}, {@code acu-dp-content}).
 */
public final class TestTokens {

    /** The issuer the service is configured to accept in tests. */
    public static final String ISSUER = "https://acu.test/issuer";
    /** The audience the service is configured to require in tests. */
    public static final String AUDIENCE = "acu";


    private TestTokens() {
    }

    /** A token for {@code subject} with these groups (roles), issued to {@link #AUDIENCE}. */
    public static String withGroups(String subject, String... groups) {
        return forAudience(AUDIENCE, subject, groups);
    }

    /** A token for {@code subject} with these groups issued to {@code audience} (another service's token, for refusals). */
    public static String forAudience(String audience, String subject, String... groups) {
        return Jwt.issuer(ISSUER).audience(audience).subject(subject).upn(subject).groups(Set.of(groups)).expiresIn(3600).sign(privateKey());
    }

    /** An acu-admin token. */
    public static String admin() {
        return withGroups("admin@acu.test", "acu-admin");
    }

    /** An acu-viewer token. */
    public static String viewer() {
        return withGroups("viewer@acu.test", "acu-viewer");
    }

    private static PrivateKey privateKey() {
        try {
            String pem = Files.readString(JwtTestResource.PRIVATE_KEY, StandardCharsets.US_ASCII);
            String body = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
            return KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(body)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (java.security.GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
