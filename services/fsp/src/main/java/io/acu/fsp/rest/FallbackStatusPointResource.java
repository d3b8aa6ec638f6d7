package io.acu.fsp.rest;

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
 * The fallback status point's HTTP endpoint, at ConfigMgr's path {@code /SMS_FSP/.sms_fsp}. Unauthenticated by
 * nature (clients that cannot reach a management point use it), so it defends itself: body cap, hardened XML,
 * validation against the state catalogue and a message throttle; see {@link StateMessageIntake}. The request itself
 * is {@link IntakeEndpoint}'s, shared with state-ingest's intake; this class only adapts HTTP.
 *
 * <p>Runs on a worker thread, never on the event loop: parsing takes CPU time in proportion to the body, and the
 * producer blocks while its buffer is full (back-pressure). Waiting for Kafka's acknowledgement holds no thread.
 */
@Path("/SMS_FSP/.sms_fsp")
public class FallbackStatusPointResource {

    private final IntakeEndpoint intake;

    FallbackStatusPointResource(IntakeEndpoint intake) {
        this.intake = intake;
    }

    /**
     * Receives one Report (XML, UTF-8 or UTF-16 with BOM; or its JSON form) of one or more state messages.
     *
     * @param body the request body
     * @param contentType XML ({@code application/xml}, {@code text/xml}, none) or {@code application/json}
     * @param request the HTTP exchange, for the sender's address
     * @return 202 once Kafka acknowledged every message; 400 malformed, 413 too large, 415 other media type, 422
     *     invalid (unknown topic type, blank client ID), 429 throttled with Retry-After, 503 with Retry-After when
     *     Kafka did not acknowledge; errors as application/problem+json
     */
    @POST
    @Blocking
    @Consumes(MediaType.WILDCARD)
    @Operation(summary = "Receive fallback status point state messages (ConfigMgr Report XML or JSON)")
    @APIResponse(responseCode = "202", description = "Every message is on acu.fsp.messages")
    @APIResponse(responseCode = "400", description = "Malformed or unsafe XML/JSON")
    @APIResponse(responseCode = "413", description = "Body over the cap")
    @APIResponse(responseCode = "422", description = "Unknown topic type or blank client ID")
    @APIResponse(responseCode = "429", description = "Throttled; see Retry-After")
    @APIResponse(responseCode = "503", description = "Kafka did not acknowledge; retry later")
    public Uni<Response> receive(byte[] body, @HeaderParam(HttpHeaders.CONTENT_TYPE) String contentType, @Context HttpServerRequest request) {
        String peer = request.remoteAddress() == null ? "unknown" : request.remoteAddress().hostAddress();
        return Uni.createFrom().completionStage(intake.receive(body, contentType, peer, request.getHeader("X-Forwarded-For")))
                .map(IntakeReply::toResponse);
    }
}
