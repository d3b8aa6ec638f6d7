package io.acu.stateingest.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.stateingest.persistence.DistributionStatusStore.DistributionPointStatus;
import io.acu.stateingest.persistence.DistributionStatusStore;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Ops API: the distribution points' content status per package version, as dp-content's
 * ContentDistributionStatusChanged events reported it. JSON; errors as application/problem+json.
 */
// Rooted at /api like every ops resource: a class at /api/packages would shadow ComplianceResource's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class DistributionResource {

    private final DistributionStatusStore distribution;

    DistributionResource(DistributionStatusStore distribution) {
        this.distribution = distribution;
    }

    /** Distribution points of one package version, counted by state. */
    public record DistributionSummary(String packageId, int packageVersion, Map<String, Long> byState, List<DistributionPointStatus> distributionPoints) {
    }

    /**
     * {@code GET /api/distribution[?packageId=CAS00006]}: per package version, distribution points by state
     * (INSTALLED, INSTALL_PENDING, ...) and each point's latest status, newest version first.
     *
     * @return 200; 400 for a malformed package ID
     */
    @GET
    @Path("/distribution")
    @Operation(summary = "Distribution point content status per package version")
    public Uni<Response> distribution(@QueryParam("packageId") String packageId) {
        if (packageId != null) {
            try {
                PackageId.parse(packageId);
            } catch (InvalidValueException e) {
                throw QueryParameters.bad("packageId", e.getMessage());
            }
        }
        return distribution.list(packageId).map(statuses -> {
            Map<String, List<DistributionPointStatus>> byVersion = statuses.stream().collect(Collectors.groupingBy(
                    s -> s.packageId() + "/" + s.packageVersion(), LinkedHashMap::new, Collectors.toList()));
            List<DistributionSummary> summaries = byVersion.values().stream().map(points -> new DistributionSummary(points.get(0).packageId(),
                    points.get(0).packageVersion(),
                    points.stream().collect(Collectors.groupingBy(DistributionPointStatus::state, TreeMap::new, Collectors.counting())),
                    points)).toList();
            return Response.ok(summaries).build();
        });
    }
}
