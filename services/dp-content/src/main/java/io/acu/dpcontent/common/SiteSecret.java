package io.acu.dpcontent.common;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * The site's shared bearer secret ({@code dp-content.content-api-token}): what a distribution point's content API
 * demands of the distribution manager, and what the manager's write actions (redistribute) demand of operators.
 * Compared in constant time (RFC 6750 bearer tokens, {@code Authorization: Bearer <token>}).
 */
public final class SiteSecret {

    private final Optional<byte[]> secret;

    /** @param secret the configured token; empty leaves what it guards open (a warning is logged at start) */
    public SiteSecret(Optional<String> secret) {
        this.secret = secret.map(token -> token.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * @param authorization the request's {@code Authorization} header, may be null
     * @return whether the request may pass: no secret configured, or the header carries it as a bearer token
     */
    public boolean admits(String authorization) {
        if (secret.isEmpty()) {
            return true;
        }
        byte[] presented = authorization != null && authorization.startsWith("Bearer ")
                ? authorization.substring(7).getBytes(StandardCharsets.UTF_8) : new byte[0];
        return MessageDigest.isEqual(presented, secret.get());
    }
}
