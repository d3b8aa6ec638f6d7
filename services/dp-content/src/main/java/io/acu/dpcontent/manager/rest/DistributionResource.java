package io.acu.dpcontent.manager.rest;

import io.acu.contracts.DistributionState;
import io.acu.dpcontent.common.DpContentConfig;
import io.acu.dpcontent.common.SiteSecret;
import io.acu.dpcontent.core.DistributionStatus;
import io.acu.dpcontent.directory.DistributionPoint;
import io.acu.dpcontent.directory.DistributionPointDirectory;
import io.acu.dpcontent.manager.persistence.DistributionStore;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.problem.Problem;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Ops API of the distribution manager: per package version, per DP: state, bytes, attempts, error; counts by state
 * for dashboards; the known distribution points; and "redistribute" (ConfigMgr's Redistribute action).
 */
@Path("/api/distribution")
@Produces(MediaType.APPLICATION_JSON)
public class DistributionResource {

    private final DistributionStore store;
    private final DistributionPointDirectory directory;
    private final SiteSecret siteSecret;
    private final Clock clock;

    DistributionResource(DistributionStore store, DistributionPointDirectory directory, DpContentConfig config, Clock clock) {
        this.store = store;
        this.directory = directory;
        this.siteSecret = new SiteSecret(config.contentApiToken());
        this.clock = clock;
    }

    /**
     * One package version on one DP.
     *
     * @param distributionPoint the DP's name
     * @param state the state name, e.g. {@code INSTALL_RETRYING}
     * @param stateCode ConfigMgr's code, e.g. 2
     * @param attempt attempts made
     * @param bytesTransferred bytes pushed so far
     * @param lastError why the last attempt failed, or null
     * @param updatedAt when the state changed
     * @param nextAttemptAt when the next attempt is due, or null
     */
    public record StatusView(String distributionPoint, String state, int stateCode, int attempt, long bytesTransferred,
                             String lastError, Instant updatedAt, Instant nextAttemptAt) {
        static StatusView of(DistributionStatus s) {
            return new StatusView(s.distributionPoint(), s.state().name(), s.state().code(), s.attempt(), s.bytesTransferred(),
                    s.lastError(), s.updatedAt(), s.nextAttemptAt());
        }
    }

    /**
     * {@code GET /api/distribution/packages/{packageId}/versions/{version}}.
     *
     * @return 200 with {@code {"packageId","packageVersion","distributionPoints":[StatusView…]}}; 400 for a malformed
     *     package ID; 404 when the version was never distributed
     */
    @GET
    @Path("/packages/{packageId}/versions/{version}")
    public Uni<Response> packageVersion(@PathParam("packageId") String packageId, @PathParam("version") int version) {
        PackageId id;
        try {
            id = PackageId.parse(packageId);
        } catch (InvalidValueException e) {
            return Uni.createFrom().item(Problem.of(400, e.getMessage()).toResponse());
        }
        return store.statuses(id.toString(), version).map(rows -> rows.isEmpty()
                ? Problem.of(404, id + " v" + version + " was never distributed").toResponse()
                : Response.ok(Map.of("packageId", id.toString(), "packageVersion", version,
                        "distributionPoints", rows.stream().map(StatusView::of).toList())).build());
    }

    /**
     * {@code GET /api/distribution/summary}: how many (package version, DP) pairs are in each state.
     *
     * @return e.g. {@code {"INSTALLED":12,"INSTALL_PENDING":0,"INSTALL_RETRYING":1,"INSTALL_FAILED":0,…}}
     */
    @GET
    @Path("/summary")
    public Uni<Map<DistributionState, Long>> summary() {
        return store.summary();
    }

    /**
     * {@code GET /api/distribution/points}: the distribution points the manager distributes to.
     *
     * @return the DPs by name
     */
    @GET
    @Path("/points")
    public List<DistributionPoint> points() {
        return directory.distributionPoints();
    }

    /**
     * {@code POST /api/distribution/packages/{packageId}/versions/{version}/points/{dp}/redistribute}: back to
     * INSTALL_PENDING with attempts reset, e.g. after INSTALL_FAILED or when content validation found damage.
     *
     * @param authorization {@code Bearer <dp-content.content-api-token>}: a write action, like the content API
     * @return 202 with the new StatusView (a pair never distributed, e.g. a DP added after the version was published, is
     *     started); 400 for a malformed package ID; 401 without the site's token; 404 for an unknown package version, or
     *     a pair never distributed to a DP that is not enabled
     */
    @POST
    @Path("/packages/{packageId}/versions/{version}/points/{dp}/redistribute")
    public Uni<Response> redistribute(@PathParam("packageId") String packageId, @PathParam("version") int version,
                                      @PathParam("dp") String dp, @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        if (!siteSecret.admits(authorization)) {
            Response unauthorized = Problem.of(401, "redistribute needs the site's bearer token").toResponse();
            return Uni.createFrom().item(Response.fromResponse(unauthorized).header(HttpHeaders.WWW_AUTHENTICATE, "Bearer").build());
        }
        PackageId id;
        try {
            id = PackageId.parse(packageId);
        } catch (InvalidValueException e) {
            return Uni.createFrom().item(Problem.of(400, e.getMessage()).toResponse());
        }
        boolean enabled = directory.find(dp).filter(DistributionPoint::enabled).isPresent();
        return store.redistribute(id.toString(), version, dp, enabled, clock.instant()).map(found -> found
                .map(s -> Response.accepted(StatusView.of(s)).build())
                .orElseGet(() -> Problem.of(404, enabled ? id + " v" + version + " is not a package version this manager received"
                        : id + " v" + version + " was never distributed to " + dp + ", which is not an enabled distribution point").toResponse()));
    }
}
