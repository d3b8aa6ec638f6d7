package io.acu.stateingest.rest;

import io.acu.contracts.ErrorCodeCount;
import io.acu.contracts.RingFigures;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStatus;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.problem.Problem;
import io.acu.stateingest.persistence.RolloutStateStore.StoredRollout;
import io.acu.stateingest.persistence.RolloutStateStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/** Ops API: where a package's rollout stands, as rollout's latest RolloutStateChanged of each version reported it. */
// Rooted at /api like every ops resource: a class at /api/packages would shadow ComplianceResource's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutResource {

    private final RolloutStateStore store;

    RolloutResource(RolloutStateStore store) {
        this.store = store;
    }

    /**
     * The latest rollout snapshot of a package's newest version, and the status of its older versions.
     *
     * @param status the rollout's status (RUNNING, HALTED, PAUSED, REVOKED, COMPLETED, WAITING_FOR_CONTENT)
     * @param lastChange the change that produced it (HALTED, RING_PASSED, ...), about {@code ring} when not null
     * @param rings every ring in plan order (pilot first) with its state and its offered, succeeded, failed, stalled
     *     and in-progress clients
     * @param topErrorCodes the most frequent failure codes with their names, most clients first
     * @param reason why (for a halt the gate's figures, otherwise an operator's note); null when none was given
     * @param actor an operator's name, or {@code rollout} for automatic changes; null when unknown
     * @param olderVersions the package's earlier versions, newest first
     */
    public record RolloutView(String packageId, int packageVersion, RolloutStatus status, RolloutChange lastChange, String ring,
            List<RingFigures> rings, List<ErrorCodeCount> topErrorCodes, String reason, String actor, Instant changedAt, String eventId,
            List<VersionStatus> olderVersions) {
    }

    /** An earlier version's rollout in short. */
    public record VersionStatus(int packageVersion, RolloutStatus status, RolloutChange lastChange, String reason, Instant changedAt) {
    }

    /**
     * {@code GET /api/packages/{packageId}/rollout}.
     *
     * @param packageId site code + 5 hex digits, e.g. {@code CAS00006}
     * @return 200 with a {@link RolloutView}; 400 for a malformed package ID; 404 when no RolloutStateChanged was seen
     *     for the package
     */
    @GET
    @Path("/packages/{packageId}/rollout")
    @Operation(summary = "The rollout of the package's newest version (status, rings with their gate figures, top error codes, reason) "
            + "and the status of its older versions")
    public Uni<Response> rollout(@PathParam("packageId") @Parameter(description = "e.g. CAS00006") String packageId) {
        PackageId id;
        try {
            id = PackageId.parse(packageId);
        } catch (InvalidValueException e) {
            throw QueryParameters.bad("packageId", e.getMessage());
        }
        return store.list(id.toString()).map(versions -> {
            if (versions.isEmpty()) {
                return Problem.of(404, "no RolloutStateChanged seen for package " + id).toResponse();
            }
            StoredRollout newest = versions.get(0);
            List<VersionStatus> older = versions.subList(1, versions.size()).stream()
                    .map(v -> new VersionStatus(v.packageVersion(), v.status(), v.lastChange(), v.reason(), v.changedAt())).toList();
            return Response.ok(new RolloutView(newest.packageId(), newest.packageVersion(), newest.status(), newest.lastChange(), newest.ring(),
                    newest.rings(), newest.topErrorCodes(), newest.reason(), newest.actor(), newest.changedAt(), newest.eventId().toString(),
                    older)).build();
        });
    }
}
