package io.acu.stateingest.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.problem.Problem;
import io.acu.stateingest.persistence.PackageTargetStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;

/** Ops API: the version each client package's fleet is measured against. */
// Rooted at /api like every ops resource: a class at /api/packages would shadow ComplianceResource's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class PackageTargetResource {

    private final PackageTargetStore store;

    PackageTargetResource(PackageTargetStore store) {
        this.store = store;
    }

    /** JSON view of a stored target. */
    public record TargetView(String packageId, int packageVersion, String clientVersion, String eventId, Instant updatedAt) {
    }

    /**
     * {@code GET /api/packages/{packageId}/target}.
     *
     * @param packageId site code + 5 hex digits, e.g. {@code CAS00006}
     * @return 200 with the target; 400 for a malformed package ID; 404 when no ManifestUpdated was seen for it
     */
    @GET
    @Path("/packages/{packageId}/target")
    public Uni<Response> target(@PathParam("packageId") String packageId) {
        PackageId id;
        try {
            id = PackageId.parse(packageId);
        } catch (InvalidValueException e) {
            throw QueryParameters.bad("packageId", e.getMessage());
        }
        return store.find(id).map(found -> found
                .map(stored -> Response.ok(new TargetView(stored.target().packageId().toString(), stored.target().packageVersion(),
                        stored.target().clientVersion().toString(), stored.eventId().toString(), stored.updatedAt())).build())
                .orElseGet(() -> Problem.notFound("no ManifestUpdated seen for package " + id).toResponse()));
    }

}
