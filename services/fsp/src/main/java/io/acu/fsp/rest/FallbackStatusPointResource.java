package io.acu.fsp.rest;

import io.acu.fsp.messaging.FspMessagePublisher;
import io.acu.intake.IntakeOutcome;
import io.acu.intake.StateMessageIntake;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.mutiny.Uni;
import io.vertx.core.http.HttpServerRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * The fallback status point's HTTP endpoint, at ConfigMgr's path {@code /SMS_FSP/.sms_fsp}. Unauthenticated by
 * nature (clients that cannot reach a management point use it), so it defends itself: body cap, hardened XML,
 * validation against the state catalogue and a message throttle; see {@link StateMessageIntake}.
 */
@Path("/SMS_FSP/.sms_fsp")
public class FallbackStatusPointResource {

    private static final Logger LOG = Logger.getLogger(FallbackStatusPointResource.class);
    private static final String PROBLEM_JSON = "application/problem+json";

    private final StateMessageIntake intake;
    private final FspMessagePublisher publisher;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    FallbackStatusPointResource(StateMessageIntake intake, FspMessagePublisher publisher, MeterRegistry metrics) {
        this.intake = intake;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Receives one Report (XML, UTF-8 or UTF-16 with BOM; or its JSON form) of one or more state messages.
     *
     * @param body the request body
     * @param contentType XML ({@code application/xml}, {@code text/xml}, none) or {@code application/json}
     * @param request the HTTP exchange, for the sender's address
     * @return 202 once Kafka acknowledged every message; 400 malformed, 413 too large, 415 other media type, 422
     *     invalid (unknown topic type, blank client ID), 429 throttled with Retry-After, 503 when Kafka did not
     *     acknowledge; errors as application/problem+json
     */
    @POST
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive fallback status point state messages (ConfigMgr Report XML or JSON)")
    @APIResponse(responseCode = "202", description = "Every message is on acu.fsp.messages")
    @APIResponse(responseCode = "400", description = "Malformed or unsafe XML/JSON")
    @APIResponse(responseCode = "413", description = "Body over the cap")
    @APIResponse(responseCode = "422", description = "Unknown topic type or blank client ID")
    @APIResponse(responseCode = "429", description = "Throttled; see Retry-After")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge; retry later")
    public Uni<Response> receive(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        IntakeOutcome outcome = intake.receive(body, contentType, address);
        if (outcome instanceof IntakeOutcome.Refused refused) {
            metrics.counter(refused.throttled() ? "acu.fsp.requests.throttled" : "acu.fsp.requests.rejected",
                    "status", Integer.toString(refused.status())).increment();
            return Uni.createFrom().item(problem(refused.status(), refused.title(), refused.detail(), refused.retryAfterSeconds()));
        }
        IntakeOutcome.Accepted accepted = (IntakeOutcome.Accepted) outcome;
        return publisher.publish(accepted.messages(), clock.instant(), address)
                .map(ignored -> {
                    metrics.counter("acu.fsp.messages.published").increment(accepted.messages().size());
                    return Response.accepted().build();
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Kafka did not acknowledge %d FSP messages of %s: %s", accepted.messages().size(),
                            accepted.messages().get(0).clientId(), failure.toString());
                    metrics.counter("acu.fsp.requests.unavailable").increment();
                    return problem(503, "Service Unavailable", "the message could not be stored; retry later", 30);
                });
    }

    static Response problem(int status, String title, String detail, long retryAfterSeconds) {
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", title);
        problem.put("status", status);
        problem.put("detail", detail);
        Response.ResponseBuilder response = Response.status(status).type(PROBLEM_JSON).entity(problem);
        if (retryAfterSeconds > 0) {
            response.header(HttpHeaders.RETRY_AFTER, Long.toString(retryAfterSeconds));
        }
        return response.build();
    }
}
