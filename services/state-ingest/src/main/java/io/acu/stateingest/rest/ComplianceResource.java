package io.acu.stateingest.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.problem.Problem;
import io.acu.stateingest.domain.Compliance;
import io.acu.stateingest.domain.ComplianceState;
import io.acu.stateingest.persistence.OpsQueries;
import io.acu.stateingest.persistence.PackageTargetStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import static io.acu.stateingest.rest.QueryParameters.requireKnownTopic;
import static io.acu.stateingest.rest.QueryParameters.wholeNumber;

/**
 * Ops API: whether a rollout is done. Clients by compliance state (ON_TARGET, PENDING, FAILED, UNKNOWN) and by
 * reported version against a target version, from each client's current state. JSON; errors as
 * application/problem+json.
 */
// Rooted at /api like every ops resource: a class at /api/packages would shadow this one's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class ComplianceResource {

    private final OpsQueries queries;
    private final PackageTargetStore targets;
    private final StateCatalogue catalogue = StateCatalogue.standard();

    ComplianceResource(OpsQueries queries, PackageTargetStore targets) {
        this.queries = queries;
        this.targets = targets;
    }

    /** JSON view of {@link Compliance}. */
    public record ComplianceView(int topicType, String topicName, String targetVersion, long clients, Map<ComplianceState, Long> byState,
            List<Compliance.VersionCount> byVersion) {
        static ComplianceView of(Compliance c, String topicName) {
            return new ComplianceView(c.topicType(), topicName, c.target().toString(), c.clients(), new TreeMap<>(c.byState()), c.byVersion());
        }
    }

    /**
     * {@code GET /api/compliance?topicType=2001&targetVersion=4.3.215.0}: clients by compliance state (ON_TARGET,
     * PENDING, FAILED, UNKNOWN) and by reported version, from each client's current state for the topic type.
     *
     * @return 200; 400 for an unknown topic type or a malformed version
     */
    @GET
    @Path("/compliance")
    @Operation(summary = "Clients by compliance state and reported version for a topic type and target version")
    public Uni<Response> compliance(@QueryParam("topicType") @Parameter(description = "800 client, 2001 Endpoint Protection agent") String topicTypeParam,
            @QueryParam("targetVersion") @Parameter(description = "e.g. 4.3.215.0") String targetVersion) {
        Integer topicType = wholeNumber("topicType", topicTypeParam, null);
        requireKnownTopic(topicType, catalogue);
        if (targetVersion == null || targetVersion.isBlank()) {
            throw QueryParameters.bad("targetVersion", "targetVersion is required, e.g. 4.3.215.0");
        }
        Version target;
        try {
            target = Version.parse(targetVersion);
        } catch (InvalidValueException e) {
            throw QueryParameters.bad("targetVersion", "targetVersion: " + e.getMessage());
        }
        return compliance(topicType, target);
    }

    /**
     * {@code GET /api/packages/{packageId}/compliance}: client deployment (topic 800) compliance against the client
     * version the package's latest ManifestUpdated announced.
     *
     * @return 200; 400 for a malformed package ID; 404 when no ManifestUpdated was seen for it
     */
    @GET
    @Path("/packages/{packageId}/compliance")
    @Operation(summary = "Client deployment compliance against the package's target client version")
    public Uni<Response> packageCompliance(@PathParam("packageId") String packageId) {
        PackageId id;
        try {
            id = PackageId.parse(packageId);
        } catch (InvalidValueException e) {
            throw QueryParameters.bad("packageId", e.getMessage());
        }
        return targets.find(id).flatMap(found -> found
                .map(stored -> compliance(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, stored.target().clientVersion()))
                .orElseGet(() -> Uni.createFrom().item(Problem.of(404, "no ManifestUpdated seen for package " + id).toResponse())));
    }

    private Uni<Response> compliance(int topicType, Version target) {
        return queries.complianceGroups(topicType)
                .map(groups -> Response.ok(ComplianceView.of(Compliance.of(topicType, target, groups), catalogue.topicName(topicType).orElse(null))).build());
    }
}
