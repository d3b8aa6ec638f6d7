package io.acu.stateingest.rest;

import io.acu.contracts.Topics;
import io.acu.formats.InvalidValueException;
import io.acu.problem.Problem;
import io.acu.stateingest.config.IntakeConfig;
import io.acu.stateingest.persistence.ClientHistoryReader;
import io.acu.stateingest.persistence.ClientStateEntity;
import io.acu.stateingest.persistence.OpsQueries;
import io.acu.stateingest.persistence.StateMessageEntity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import static io.acu.stateingest.rest.QueryParameters.limit;
import static io.acu.stateingest.rest.QueryParameters.storedText;

/** Ops API: one client's current states and message history. JSON; errors as application/problem+json. */
// Rooted at /api like every ops resource: a class at /api/packages would shadow ComplianceResource's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ClientResource {

    private final ClientHistoryReader history;
    private final boolean clientTokensRequired;

    ClientResource(ClientHistoryReader history, IntakeConfig intake) {
        this.history = history;
        this.clientTokensRequired = intake.clientTokens().required();
    }

    /**
     * {@code GET /api/clients/{clientId}}: a client's current state per topic type and its message history, oldest
     * MessageTime first.
     *
     * @param clientId e.g. {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}
     * @return 200; 400 for a limit outside 1..10000 or a client ID with a NUL character; 404 when no message of the
     *     client was stored
     */
    @GET
    @Path("/clients/{clientId}")
    @Operation(summary = "One client's current states and message history")
    public Uni<Response> client(@PathParam("clientId") String clientId, @QueryParam("limit") @DefaultValue("1000") String limitParam) {
        int limit = limit(limitParam, 1000);
        storedText("clientId", clientId);
        return history.currentStates(clientId).flatMap(current -> current.isEmpty()
                ? Uni.createFrom().item(Problem.of(404, "no state message stored for client " + InvalidValueException.excerpt(clientId)).toResponse())
                : history.history(clientId, limit).map(messages -> Response.ok(Map.of("clientId", clientId,
                        "current", current.stream().map(ClientResource::currentState).toList(),
                        "history", messages.stream().map(this::historyEntry).toList())).build()));
    }

    /**
     * One stored message of a client's history.
     *
     * @param source the topic it arrived on
     * @param serialNumber null for fallback status point messages
     * @param authenticatedSender whether the sender proved it is the client: true for the management point's intake
     *     with client tokens required; false for the fallback status point (open by nature, as ConfigMgr's) or an
     *     intake run open, whose messages anyone who reaches it could have sent
     */
    public record HistoryEntry(String eventId, String source, int topicType, String topicId, int stateId, String stateName, String errorCode,
            Instant messageTime, String messageTimeWmi, Long serialNumber, List<String> userParameters, Instant receivedAt,
            boolean authenticatedSender) {
    }

    private HistoryEntry historyEntry(StateMessageEntity m) {
        return new HistoryEntry(m.eventId.toString(), m.sourceTopic, m.topicType, m.topicId, m.stateId, m.stateName, m.errorCode, m.messageTime,
                m.messageTimeWmi, m.serialNumber, List.of(m.userParameters), m.receivedAt,
                clientTokensRequired && Topics.CLIENT_STATE_MESSAGES.equals(m.sourceTopic));
    }

    private static OpsQueries.CurrentState currentState(ClientStateEntity c) {
        return new OpsQueries.CurrentState(c.clientId, c.netbiosName, c.clientVersion, c.topicType, c.stateId, c.stateName, c.errorCode,
                c.reportedVersion, c.messageTime, c.serialNumber);
    }
}
