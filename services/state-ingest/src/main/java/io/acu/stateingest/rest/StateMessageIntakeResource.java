package io.acu.stateingest.rest;

import io.acu.intake.IntakeOutcome;
import io.acu.intake.StateMessageIntake;
import io.acu.stateingest.messaging.ClientStateMessagePublisher;
import io.micrometer.core.instrument.MeterRegistry;
import io.smallrye.common.annotation.Blocking;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.jboss.logging.Logger;

/**
 * The state-message intake, acu's management point relay: clients POST Report XML batches (or the JSON form) of
 * state messages, e.g. the Endpoint Protection agent's topic type 2001; accepted messages go to
 * {@code acu.client.state-messages}. Same rules as the fallback status point ({@link StateMessageIntake}).
 *
 * <p>Reading a report (up to 1 MiB of XML) and handing its messages to the producer run on a worker thread, never
 * on the event loop: parsing takes CPU time in proportion to the body, and the producer blocks while its buffer is
 * full (back-pressure). Waiting for Kafka's acknowledgement holds no thread.
 */
@Path("/api/state-messages")
public class StateMessageIntakeResource {

    private static final Logger LOG = Logger.getLogger(StateMessageIntakeResource.class);

    private final StateMessageIntake intake;
    private final ClientStateMessagePublisher publisher;
    private final MeterRegistry metrics;
    private final Clock clock = Clock.systemUTC();

    StateMessageIntakeResource(StateMessageIntake intake, ClientStateMessagePublisher publisher, MeterRegistry metrics) {
        this.intake = intake;
        this.publisher = publisher;
        this.metrics = metrics;
    }

    /**
     * Receives one Report of one or more state messages.
     *
     * @param body Report XML (UTF-8, or UTF-16 with BOM) or its JSON form
     * @param contentType XML ({@code application/xml}, {@code text/xml}, none) or {@code application/json}
     * @param request the HTTP exchange, for the sender's address
     * @return 202 once Kafka acknowledged every message; 400, 413, 415, 422, 429 (with Retry-After) or 503 as
     *     application/problem+json
     */
    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive a client's state messages (ConfigMgr Report XML or JSON)")
    @APIResponse(responseCode = "202", description = "Every message is on acu.client.state-messages")
    @APIResponse(responseCode = "400", description = "Malformed or unsafe XML/JSON")
    @APIResponse(responseCode = "413", description = "Body over the cap")
    @APIResponse(responseCode = "422", description = "Unknown topic type or blank client ID")
    @APIResponse(responseCode = "429", description = "Throttled; see Retry-After")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge; retry later")
    public Uni<Response> receive(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context HttpServerRequest request) {
        String address = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        IntakeOutcome outcome = intake.receive(body, contentType, address);
        if (outcome instanceof IntakeOutcome.Refused refused) {
            metrics.counter(refused.throttled() ? "acu.intake.requests.throttled" : "acu.intake.requests.rejected",
                    "status", Integer.toString(refused.status())).increment();
            return Uni.createFrom().item(Problems.problem(refused.status(), refused.title(), refused.detail(), refused.retryAfterSeconds()));
        }
        IntakeOutcome.Accepted accepted = (IntakeOutcome.Accepted) outcome;
        return publisher.publish(accepted.messages(), clock.instant(), address)
                .map(ignored -> {
                    metrics.counter("acu.intake.messages.published").increment(accepted.messages().size());
                    return Response.accepted().build();
                })
                .onFailure().recoverWithItem(failure -> {
                    LOG.warnf("Kafka did not acknowledge %d state messages of %s: %s", accepted.messages().size(),
                            accepted.messages().get(0).clientId(), failure.toString());
                    metrics.counter("acu.intake.requests.unavailable").increment();
                    return Problems.problem(503, "Service Unavailable", "the messages could not be stored; retry later", 30);
                });
    }
}
