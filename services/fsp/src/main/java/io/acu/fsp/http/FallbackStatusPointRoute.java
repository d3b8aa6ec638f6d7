package io.acu.fsp.http;

import io.acu.fsp.config.IntakeConfig;
import io.acu.intake.IntakeEndpoint;
import io.acu.intake.IntakeRoute;
import io.vertx.ext.web.Router;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

/**
 * The fallback status point's HTTP endpoint, {@code POST /SMS_FSP/.sms_fsp} (ConfigMgr's path): one Report (XML,
 * UTF-8 or UTF-16 with BOM; or its JSON form) of one or more state messages. Unauthenticated by nature (clients that
 * cannot reach a management point use it), so it defends itself: body cap, hardened XML, validation against the state
 * catalogue and a message throttle; see {@link io.acu.intake.StateMessageIntake}. The request is
 * {@link IntakeEndpoint}'s on the shared {@link IntakeRoute} (as state-ingest's intake): 202 once Kafka acknowledged
 * every message; 400 malformed, 413 too large, 415 other media type, 422 invalid, 429 throttled and 503 (Kafka did not
 * acknowledge) with Retry-After, as application/problem+json. Documented in {@code META-INF/openapi.yaml}.
 */
@ApplicationScoped
public class FallbackStatusPointRoute {

    /** ConfigMgr's fallback status point path. */
    public static final String PATH = "/SMS_FSP/.sms_fsp";

    private final IntakeEndpoint intake;
    private final IntakeConfig settings;

    FallbackStatusPointRoute(IntakeEndpoint intake, IntakeConfig settings) {
        this.intake = intake;
        this.settings = settings;
    }

    void mount(@Observes Router router) {
        new IntakeRoute(intake, settings.maxBodyBytes(), false).mount(router, PATH);
    }
}
