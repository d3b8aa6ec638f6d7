package io.acu.launcher;

import io.acu.contracts.client.ClientTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.jose4j.jws.AlgorithmIdentifiers;
import org.jose4j.jws.JsonWebSignature;
import org.jose4j.jwt.JwtClaims;
import org.jose4j.lang.JoseException;

/**
 * The demo's stand-in for an OIDC issuer: an RSA key pair made at start, its public key written as
 * PEM for manifest-builder ({@code MP_JWT_VERIFY_PUBLICKEY_LOCATION}), and signed RS256 bearer tokens
 * carrying acu's roles in the {@code groups} claim (MicroProfile JWT).
 */
public final class DemoCredentials {

    /** The issuer the demo's tokens carry and manifest-builder expects ({@code MP_JWT_VERIFY_ISSUER}). */
    public static final String ISSUER = "https://acu.demo/issuer";
    /** The audience the demo's tokens carry and the services require ({@code MP_JWT_VERIFY_AUDIENCES}). */
    public static final String AUDIENCE = "acu";
    private static final Duration LIFETIME = Duration.ofDays(1);

    private final KeyPair keys;
    private final Path publicKeyPem;
    private final String contentApiToken;
    private final Path clientTokenKey;

    private DemoCredentials(KeyPair keys, Path publicKeyPem, Path clientTokenKey) {
        this.keys = keys;
        this.publicKeyPem = publicKeyPem;
        this.contentApiToken = randomSecret();
        this.clientTokenKey = clientTokenKey;
    }

    private static String randomSecret() {
        byte[] secret = new byte[32];
        new java.security.SecureRandom().nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    /**
     * Makes a key pair and writes its public half to {@code dir/publickey.pem}, and the site's client-token key (random,
     * 256 bits) to {@code dir/client-tokens.key}.
     *
     * @param dir a folder of the demo run
     */
    public static DemoCredentials create(Path dir) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            KeyPair keys = generator.generateKeyPair();
            Files.createDirectories(dir);
            Path pem = dir.resolve("publickey.pem");
            String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(keys.getPublic().getEncoded());
            Files.writeString(pem, "-----BEGIN PUBLIC KEY-----\n" + body + "\n-----END PUBLIC KEY-----\n", StandardCharsets.US_ASCII);
            Path clientTokenKey = dir.resolve("client-tokens.key");
            Files.writeString(clientTokenKey, randomSecret(), StandardCharsets.US_ASCII);
            return new DemoCredentials(keys, pem, clientTokenKey);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no RSA key generator", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the demo's public key under " + dir, e);
        }
    }

    /**
     * @return the shared secret the distribution points' content API demands of the distribution manager
     *     (random per demo run, 256 bits, URL-safe Base64)
     */
    public String contentApiToken() {
        return contentApiToken;
    }

    /** @return the site's client-token key file, which state-ingest verifies clients' tokens with */
    public Path clientTokenKey() {
        return clientTokenKey;
    }

    /** @return the issuer of the clients' tokens (the demo installs the clients, so it holds the site key) */
    public ClientTokens clientTokens() {
        return ClientTokens.fromKeyFile(clientTokenKey);
    }

    /** @return the PEM file with the public key that verifies the tokens */
    public Path publicKeyPem() {
        return publicKeyPem;
    }

    /**
     * A bearer token for {@code subject} with {@code groups} (e.g. {@code acu-admin}), valid one day.
     *
     * @return the compact JWS
     */
    public String token(String subject, List<String> groups) {
        JwtClaims claims = new JwtClaims();
        claims.setIssuer(ISSUER);
        claims.setAudience(AUDIENCE);
        claims.setSubject(subject);
        claims.setClaim("upn", subject);
        claims.setStringListClaim("groups", groups);
        claims.setIssuedAtToNow();
        claims.setExpirationTimeMinutesInTheFuture(LIFETIME.toMinutes());
        claims.setGeneratedJwtId();
        JsonWebSignature jws = new JsonWebSignature();
        jws.setPayload(claims.toJson());
        jws.setKey(keys.getPrivate());
        jws.setAlgorithmHeaderValue(AlgorithmIdentifiers.RSA_USING_SHA256);
        try {
            return jws.getCompactSerialization();
        } catch (JoseException e) {
            throw new IllegalStateException("cannot sign the demo token for " + subject, e);
        }
    }
}
