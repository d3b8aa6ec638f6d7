package io.acu.stateingest.http;

import io.acu.intake.IntakeEndpoint;
import io.acu.intake.IntakeRoute;
import io.acu.stateingest.config.IntakeConfig;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The state-message intake, acu's management point relay, {@code POST /api/state-messages}: clients post Report XML
 * (or its JSON form) of state messages, e.g. the Endpoint Protection agent's topic type 2001, with their client token
 * ({@code Authorization: Bearer acu-client.v1.…}) where the site requires one; accepted messages go to
 * {@code acu.client.state-messages}. Same rules as the fallback status point ({@link io.acu.intake.StateMessageIntake})
 * and the same request ({@link IntakeEndpoint} on the shared {@link IntakeRoute}); this class only mounts it.
 * Answers: 202 once Kafka acknowledged every message; 400, 401, 403, 413, 415, 422, 429 or 503 (with Retry-After) as
 * application/problem+json. Documented in {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class StateMessageIntakeRoute {

    /** The intake's path. */
    public static final String PATH = "/api/state-messages";

    private final IntakeEndpoint intake;
    private final IntakeConfig settings;

    StateMessageIntakeRoute(IntakeEndpoint intake, IntakeConfig settings) {
        this.intake = intake;
        this.settings = settings;
    }

    void mount(@Observes Router router) {
        new IntakeRoute(intake, settings.maxBodyBytes(), true).mount(router, PATH);
    }
}
