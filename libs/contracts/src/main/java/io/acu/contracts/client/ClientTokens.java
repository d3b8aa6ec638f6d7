package io.acu.contracts.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Client identity at the management point's intake, in the role ConfigMgr gives client certificates: a client proves
 * it is the client ID its reports name with a bearer token issued to that ID. A token is
 * {@code acu-client.v1.<base64url HMAC-SHA256(site key, client ID)>} (RFC 2104 HMAC, RFC 4648 §5 base64url without
 * padding): whoever installs the client (the site's provisioning, the demo's launcher) issues it with the site key;
 * the intake only verifies, so it holds no per-client state and any number of replicas agree. Rotating the key
 * revokes every token at once. The intake of state messages and rollout's client policy and download grants ask for it
 * alike ({@link #refusal(String, String, String)}).
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
     * The site's tokens as a service's settings name them, read at start: every refusal names the setting, so an
     * operator knows what to fix.
     *
     * @param required whether client tokens are required (false: an open endpoint, no key read)
     * @param keyFile the configured key file, if any
     * @param setting the key file's setting and its environment form, e.g.
     *     {@code acu.rollout.client-tokens.key-file (ACU_ROLLOUT_CLIENT_TOKENS_KEY_FILE)}
     * @param openSetting the setting that runs the endpoint open, e.g. {@code acu.rollout.client-tokens.required=false}
     * @return the tokens, or empty when not required
     * @throws IllegalStateException when required and the file is not set, unreadable or shorter than
     *     {@link #MIN_KEY_BYTES}
     */
    public static Optional<ClientTokens> fromSettings(boolean required, Optional<Path> keyFile, String setting, String openSetting) {
        if (!required) {
            return Optional.empty();
        }
        Path file = keyFile.orElseThrow(() -> new IllegalStateException(setting + " is not set: clients must prove their client ID;"
                + " set the site's client-token key file, or " + openSetting));
        try {
            return Optional.of(fromKeyFile(file));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            throw new IllegalStateException(setting + " " + file + ": " + e.getMessage(), e);
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

    /**
     * Why a request does not prove a client ID, in the terms of RFC 6750 §3.1: {@code status} 401 when no client token
     * was presented or it is not shaped like one ({@code invalid_token}), 403 when it is a good token of another client.
     *
     * @param status 401 or 403
     * @param detail what to tell the caller, naming the client ID where one is at stake
     */
    public record Refusal(int status, String detail) {
    }

    /**
     * The credentials of {@code Authorization: Bearer <token>} (RFC 6750 §2.1; the scheme is case-insensitive).
     *
     * @param authorization the Authorization header, may be null
     * @return the token, or null without one
     */
    public static String bearer(String authorization) {
        if (authorization == null || authorization.length() <= 7 || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return null;
        }
        String token = authorization.substring(7).strip();
        return token.isEmpty() ? null : token;
    }

    /**
     * The check that needs no client ID yet (a report is read only after it): is a client token presented at all.
     *
     * @param token the bearer token, from {@link #bearer(String)}; may be null
     * @param who what asks, for the detail, e.g. {@code "this intake"}
     * @return null when a well-formed token was presented, else a 401 refusal
     */
    public static Refusal unpresented(String token, String who) {
        if (token == null) {
            return new Refusal(401, who + " needs the client's token: Authorization: Bearer <token issued to the client ID>");
        }
        if (!wellFormed(token)) {
            return new Refusal(401, "the bearer token is not a client token (" + PREFIX + "<base64url HMAC-SHA256>)");
        }
        return null;
    }

    /**
     * Does this request prove that it comes from {@code clientId}?
     *
     * @param authorization the Authorization header, may be null
     * @param clientId the client ID the request names
     * @param who what asks, for the detail, e.g. {@code "rollout"}
     * @return null when the header carries the token issued to {@code clientId}; else a 401 or 403 refusal
     */
    public Refusal refusal(String authorization, String clientId, String who) {
        String token = bearer(authorization);
        Refusal unpresented = unpresented(token, who);
        if (unpresented != null) {
            return unpresented;
        }
        return proves(token, clientId) ? null : new Refusal(403, "the token presented was not issued to " + clientId);
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
