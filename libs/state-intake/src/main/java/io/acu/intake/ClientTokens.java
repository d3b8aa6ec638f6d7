package io.acu.intake;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client identity at the management point's intake, in the role ConfigMgr gives client certificates: a client proves
 * it is the client ID its reports name with a bearer token issued to that ID. A token is
 * {@code acu-client.v1.<base64url HMAC-SHA256(site key, client ID)>} (RFC 2104 HMAC, RFC 4648 §5 base64url without
 * padding): whoever installs the client (the site's provisioning, the demo's launcher) issues it with the site key;
 * the intake only verifies, so it holds no per-client state and any number of replicas agree. Rotating the key
 * revokes every token at once.
 *
 * <p>Thread-safe: a {@link Mac} is made per call.
 */
public final class ClientTokens {

    /** Prefix of every token: scheme and version, so a later scheme can coexist. */
    public static final String PREFIX = "acu-client.v1.";
    /** Shortest key accepted, in bytes: HMAC-SHA256's block of security (RFC 2104 §3 recommends at least the hash length). */
    public static final int MIN_KEY_BYTES = 32;
    private static final String ALGORITHM = "HmacSHA256";

    private final SecretKeySpec key;

    /**
     * @param key the site's client-token key, at least {@link #MIN_KEY_BYTES} bytes
     * @throws IllegalArgumentException for a shorter key
     */
    public ClientTokens(byte[] key) {
        if (key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("a client-token key needs at least " + MIN_KEY_BYTES + " bytes, this one has " + key.length);
        }
        this.key = new SecretKeySpec(key.clone(), ALGORITHM);
    }

    /**
     * Reads the key from a file (e.g. a mounted Secret): its bytes as they are, surrounding whitespace removed.
     *
     * @param keyFile the file
     * @return the tokens
     * @throws UncheckedIOException when it cannot be read
     * @throws IllegalArgumentException when it is shorter than {@link #MIN_KEY_BYTES}
     */
    public static ClientTokens fromKeyFile(Path keyFile) {
        try {
            return new ClientTokens(Files.readString(keyFile, StandardCharsets.UTF_8).strip().getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the client-token key " + keyFile, e);
        }
    }

    /**
     * @param clientId the SMS unique identifier, e.g. {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}, exactly as the
     *     client's reports name it
     * @return the client's token
     */
    public String issue(String clientId) {
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(mac(clientId));
    }

    /**
     * @param token a presented token, may be null
     * @return whether it has the shape of a token: {@link #PREFIX} and the base64url of a 32-byte HMAC-SHA256
     */
    public static boolean wellFormed(String token) {
        if (token == null || !token.startsWith(PREFIX) || token.length() > PREFIX.length() + 64) {
            return false;
        }
        try {
            return Base64.getUrlDecoder().decode(token.substring(PREFIX.length())).length == 32;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * @param token a presented token, may be null
     * @param clientId the client ID the report names
     * @return whether the token was issued to that client ID (compared in constant time)
     */
    public boolean proves(String token, String clientId) {
        if (token == null || !token.startsWith(PREFIX)) {
            return false;
        }
        byte[] presented;
        try {
            presented = Base64.getUrlDecoder().decode(token.substring(PREFIX.length()));
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(presented, mac(clientId));
    }

    private byte[] mac(String clientId) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac.doFinal(clientId.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException | InvalidKeyException e) {
            throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
        }
    }
}
