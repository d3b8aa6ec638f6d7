package io.acu.stateingest.rest;

import io.acu.formats.catalogue.StateCatalogue;
import io.acu.formats.catalogue.StateOutcome;
import io.acu.stateingest.persistence.OpsQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.Arrays;
import org.eclipse.microprofile.openapi.annotations.Operation;
import static io.acu.stateingest.rest.QueryParameters.requireKnownTopic;
import static io.acu.stateingest.rest.QueryParameters.limit;
import static io.acu.stateingest.rest.QueryParameters.storedText;
import static io.acu.stateingest.rest.QueryParameters.wholeNumber;

/**
 * Ops API: the current failures of a topic type with their catalogue names, and the clients behind each. JSON;
 * errors as application/problem+json.
 */
// Rooted at /api like every ops resource: a class at /api/packages would shadow ComplianceResource's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class FailuresResource {

    private final OpsQueries queries;
    private final StateCatalogue catalogue = StateCatalogue.standard();

    FailuresResource(OpsQueries queries) {
        this.queries = queries;
    }

    /**
     * {@code GET /api/failures?topicType=800}: the current failures of a topic type by state ID and error code, with
     * the catalogue's state names and the number of affected clients, most clients first.
     *
     * @return 200; 400 for an unknown topic type or a limit outside 1..10000
     */
    @GET
    @Path("/failures")
    @Operation(summary = "Top current failure states and error codes with affected client counts")
    public Uni<Response> failures(@QueryParam("topicType") String topicTypeParam, @QueryParam("limit") @DefaultValue("20") String limitParam) {
        Integer topicType = wholeNumber("topicType", topicTypeParam, null);
        requireKnownTopic(topicType, catalogue);
        int limit = limit(limitParam, 20);
        return queries.failures(topicType, StateOutcome.failureStates(topicType), limit)
                .map(groups -> groups.stream().map(g -> new OpsQueries.FailureGroup(g.topicType(), g.stateId(),
                        catalogue.stateName(g.topicType(), g.stateId()).orElse(g.stateName()), g.errorCode(), g.clients())).toList())
                .map(groups -> Response.ok(groups).build());
    }

    /**
     * {@code GET /api/failures/clients?topicType=800&stateId=325&errorCode=0x80091007}: drill-down to the clients
     * whose current state is that failure, latest first; the same clients {@code GET /api/failures} counts.
     *
     * @return 200; 400 for an unknown topic type, a missing state ID, a state that is not a failure of the topic type
     *     (e.g. 2001/3, managed) or a limit outside 1..10000
     */
    @GET
    @Path("/failures/clients")
    @Operation(summary = "Clients currently in one failure state (optionally with one error code)")
    public Uni<Response> failingClients(@QueryParam("topicType") String topicTypeParam, @QueryParam("stateId") String stateIdParam,
            @QueryParam("errorCode") String errorCode, @QueryParam("limit") @DefaultValue("100") String limitParam) {
        Integer topicType = wholeNumber("topicType", topicTypeParam, null);
        Integer stateId = wholeNumber("stateId", stateIdParam, null);
        requireKnownTopic(topicType, catalogue);
        if (stateId == null) {
            throw QueryParameters.bad("stateId", "stateId is required");
        }
        int[] failureStates = StateOutcome.failureStates(topicType);
        if (StateOutcome.of(topicType, stateId, true) != StateOutcome.FAILED) {
            throw QueryParameters.bad("stateId", "state " + stateId + catalogue.stateName(topicType, stateId).map(name -> " '" + name + "'").orElse("")
                    + " of topic type " + topicType + " is not a failure state; failure states: " + Arrays.toString(failureStates));
        }
        int limit = limit(limitParam, 100);
        return queries.failingClients(topicType, failureStates, stateId, storedText("errorCode", errorCode), limit).map(clients -> Response.ok(clients).build());
    }
}
