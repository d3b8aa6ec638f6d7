package io.acu.problem;

import java.util.Optional;

/**
 * What an endpoint's request body must be, in words, for the problem that refuses a missing or mistyped body. A
 * service may provide one bean; without it the problem points to {@code /q/openapi}.
 */
public interface RequestBodyHints {

    /**
     * @param path the request path, e.g. {@code /api/rollout-plans/CAS00006}
     * @return e.g. {@code application/json, a rollout plan {"rings": [...]}}; empty when the service has no hint
     */
    Optional<String> expectedBody(String path);
}
