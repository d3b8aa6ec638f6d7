package io.acu.fleetsim.http;

import io.acu.contracts.client.ClientTokens;
import java.util.Optional;

/**
 * The token each simulated client presents at the management point's intake ({@code POST /api/state-messages}) and to
 * rollout for its policy and download grants, as a real client presents its certificate: issued to its client ID by
 * whoever installed it (see {@link ClientTokens}). The fallback status point is open and gets none.
 */
@FunctionalInterface
public interface ClientCredentials {

    /** Clients without tokens: for an intake run open ({@code acu.intake.client-tokens.required=false}). */
    ClientCredentials NONE = clientId -> Optional.empty();

    /**
     * @param clientId the client's SMS unique identifier
     * @return its bearer token, if it has one
     */
    Optional<String> tokenFor(String clientId);

    /**
     * @param tokens the site's token issuer (the demo's launcher holds the site key)
     * @return credentials issuing each client its token
     */
    static ClientCredentials issuedBy(ClientTokens tokens) {
        return clientId -> Optional.of(tokens.issue(clientId));
    }
}
