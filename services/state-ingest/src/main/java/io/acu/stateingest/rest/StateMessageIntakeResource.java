package io.acu.stateingest.rest;

import io.acu.intake.IntakeEndpoint;
import io.acu.intake.IntakeReply;
import io.acu.intake.StateMessageIntake;
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
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The state-message intake, acu's management point relay: clients POST Report XML batches (or the JSON form) of
 * state messages, e.g. the Endpoint Protection agent's topic type 2001; accepted messages go to
 * {@code acu.client.state-messages}. Same rules as the fallback status point ({@link StateMessageIntake}) and the same
 * request ({@link IntakeEndpoint}, shared with fsp); this class only adapts HTTP.
 *
 * <p>Reading a report (up to 1 MiB of XML) and handing its messages to the producer run on a worker thread, never
 * on the event loop: parsing takes CPU time in proportion to the body, and the producer blocks while its buffer is
 * full (back-pressure). Waiting for Kafka's acknowledgement holds no thread.
 */
@Path("/api/state-messages")
public class StateMessageIntakeResource {

    private final IntakeEndpoint intake;

    StateMessageIntakeResource(IntakeEndpoint intake) {
        this.intake = intake;
    }

    /**
     * Receives one Report of one or more state messages.
     *
     * @param body Report XML (UTF-8, or UTF-16 with BOM) or its JSON form
     * @param contentType XML ({@code application/xml}, {@code text/xml}, none) or {@code application/json}
     * @param request the HTTP exchange, for the sender's address
     * @return 202 once Kafka acknowledged every message; 400, 413, 415, 422, 429 (with Retry-After) or 503 (with
     *     Retry-After) as application/problem+json
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
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return Uni.createFrom().completionStage(intake.receive(body, contentType, peer, request.getHeader("X-Forwarded-For"),
                        request.getHeader(HttpHeaders.AUTHORIZATION)))
                .map(IntakeReply::toResponse);
    }
}
