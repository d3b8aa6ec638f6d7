package io.acu.rollout.rest;

import io.acu.contracts.client.ClientTokens;
import io.acu.problem.Problem;
import io.acu.rollout.service.RolloutConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.core.Response;
import java.util.Optional;

/**
 * Who may ask for a client's policy or a download grant: the client itself, proven by the token the site issued to its
 * client ID ({@link ClientTokens}, {@code Authorization: Bearer acu-client.v1.…}), as ConfigMgr's management point
 * serves policy to the client whose certificate asks. Checked only where {@code acu.rollout.client-tokens.required}
 * (the default); the key is read at start, so a missing or short key stops the service with the setting named.
 */
@Startup
@ApplicationScoped
public class ClientIdentity {

    private final Optional<ClientTokens> tokens;

    ClientIdentity(RolloutConfig config) {
        this.tokens = ClientTokens.fromSettings(config.clientTokens().required(), config.clientTokens().keyFile(),
                "acu.rollout.client-tokens.key-file (ACU_ROLLOUT_CLIENT_TOKENS_KEY_FILE)", "acu.rollout.client-tokens.required=false");
    }

    /**
     * The check that needs no client ID, made before a request body is read ({@link ClientRequestGuard}).
     *
     * @param authorization the request's Authorization header, may be null
     * @return the 401 refusal when client tokens are required and none (or none well-formed) is presented; else empty
     */
    Optional<ClientTokens.Refusal> unpresented(String authorization) {
        return tokens.isEmpty() ? Optional.empty() : Optional.ofNullable(ClientTokens.unpresented(ClientTokens.bearer(authorization), "rollout"));
    }

    /**
     * @param authorization the request's Authorization header, may be null
     * @param clientId the client ID the request is for, exactly as the client sent it (a token is issued to the ID as
     *     the client names itself, e.g. in its state messages, not to acu's upper-case canonical form)
     * @return empty when the request may act for {@code clientId}; else the refusal: 401 problem with
     *     {@code WWW-Authenticate: Bearer} without a client token (RFC 6750 §3), 403 problem for another client's token
     */
    Optional<Response> refusal(String authorization, String clientId) {
        if (tokens.isEmpty()) {
            return Optional.empty();
        }
        ClientTokens.Refusal refusal = tokens.get().refusal(authorization, clientId, "rollout");
        if (refusal == null) {
            return Optional.empty();
        }
        Response problem = Problem.of(refusal.status(), refusal.detail()).toResponse();
        return Optional.of(refusal.status() == 401 ? Response.fromResponse(problem).header("WWW-Authenticate", "Bearer").build() : problem);
    }
}
