package io.acu.rollout.rest;

import io.acu.problem.RequestBodyHints;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.Optional;

/**
 * What each of rollout's PUT and POST endpoints takes, for the 400 that refuses a missing body and the 415 that
 * refuses another type (e.g. {@code curl -X PUT -d ''} declares a form and sends nothing).
 */
@ApplicationScoped
public class RequestBodies implements RequestBodyHints {

    @Override
    public Optional<String> expectedBody(String path) {
        if (path.endsWith("/exclusions")) {
            return Optional.of("text/plain, one client ID per line (an empty text/plain body empties the excluded collection)");
        }
        if (path.contains("/rollout-plans/")) {
            return Optional.of("application/json, a rollout plan {\"rings\": [...]}");
        }
        if (path.contains("/settings/client-upgrade")) {
            return Optional.of("application/json, the settings {\"enabled\", \"advertisementDurationDays\", \"overrideMaintenanceWindows\"}");
        }
        if (path.contains("/download-grants")) {
            return Optional.of("application/json, a grant request {\"packageId\", \"packageVersion\", \"clientId\", \"distributionPoint\"[, \"boundaryGroup\"]}");
        }
        return Optional.of("application/json (see /q/openapi)");
    }
}
