package io.acu.rollout.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.ErrorCodeCount;
import io.acu.contracts.RolloutStatus;
import io.acu.contracts.StrictJson;
import io.acu.problem.ProblemException;
import io.acu.rollout.persistence.RolloutStore;
import io.acu.rollout.service.RolloutService;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The operator's view and control of rollouts: {@code GET /api/rollouts?packageId=}, {@code GET
 * /api/rollouts/{packageId}/{version}} (with its explained history), {@code GET /api/rollouts/distribution-points}
 * (download grants per distribution point), and {@code POST
 * /api/rollouts/{packageId}/{version}/promote|pause|resume|revoke} with an optional {@code {"note": "…"}}.
 */
@Path("/api/rollouts")
public class RolloutResource {

    private static final ObjectMapper JSON = StrictJson.mapper();

    private final RolloutService service;
    private final RolloutStore store;
    private final SecurityIdentity identity;

    RolloutResource(RolloutService service, RolloutStore store, SecurityIdentity identity) {
        this.service = service;
        this.store = store;
        this.identity = identity;
    }

    /**
     * One ring's figures and times.
     *
     * @param ring its name
     * @param state PENDING, ACTIVE, AWAITING_PROMOTION, PASSED (its gate passed), PROMOTED (an operator promoted it
     *     before its gate passed), HALTED, or REVOKED (the version was revoked before the ring passed)
     * @param offered clients offered the version
     * @param succeeded of those, reported success at the target version
     * @param failed of those, failed (ignored error codes excluded)
     * @param stalled of those, granted and silent past the grant's expiry
     * @param inProgress the others
     */
    public record RingView(String ring, String state, long offered, long succeeded, long failed, long stalled, long inProgress,
            Instant startedAt, Instant passedAt) {
    }

    /** One transition: what, which ring, why, who, when. */
    public record HistoryView(String change, String ring, String reason, String actor, Instant occurredAt) {
    }

    /**
     * A rollout as operators see it.
     *
     * @param onRevokedVersion clients that installed this version before it was revoked (counted apart); 0 unless revoked
     * @param history its transitions in order; only in the single-rollout answer
     */
    public record RolloutView(String packageId, int packageVersion, RolloutStatus status, String reason, int planVersion, List<RingView> rings,
            List<ErrorCodeCount> topErrorCodes, long onRevokedVersion, List<HistoryView> history) {
    }

    /** An operator's note for an action; optional. @param note why */
    public record ActionRequest(String note) {
    }

    /** @return every rollout of the package, newest version first; 400 for a malformed package ID */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Rollouts of a package with each ring's figures")
    public Uni<List<RolloutView>> list(@QueryParam("packageId") String packageId) {
        String pkg = Ids.packageId(packageId);
        return service.views(pkg).map(views -> views.stream().map(v -> view(v, null)).toList());
    }

    /**
     * Download grants on one distribution point.
     *
     * @param distributionPoint e.g. {@code dp01}
     * @param inFlight grants in flight now (unexpired, no final state reported)
     * @param maxInFlight its cap K
     * @param peakInFlight the most grants it ever had in flight at once, as rollout counted them when granting (under
     *     the point's lock, so it holds with any number of replicas); never above {@code maxInFlight} unless K was
     *     lowered; 0 when it never had one
     * @param peakAt when the peak was first reached; null when never
     */
    public record PointGrantsView(String distributionPoint, long inFlight, int maxInFlight, int peakInFlight, Instant peakAt) {
    }

    /**
     * {@code GET /api/rollouts/distribution-points}: every distribution point rollout knows (it reported content or
     * was granted a download), by name, with its grants in flight, cap and peak.
     */
    @GET
    @Path("/distribution-points")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Download grants per distribution point: in flight now, the cap and the peak")
    public Uni<List<PointGrantsView>> distributionPoints() {
        return service.pointGrants().map(points -> points.stream().map(p -> new PointGrantsView(p.grants().distributionPoint(),
                p.grants().inFlight(), p.maxInFlight(), p.grants().peakInFlight(), p.grants().peakAt())).toList());
    }

    /** @return the rollout of one version with its history; 400 for a version that is not a number; 404 when the version has none */
    @GET
    @Path("/{packageId}/{version}")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One rollout with its figures and explained history")
    public Uni<RolloutView> get(@PathParam("packageId") String packageId, @PathParam("version") String versionText) {
        String pkg = Ids.packageId(packageId);
        int version = Ids.packageVersion(versionText);
        return service.view(pkg, version).flatMap(v -> store.history(pkg, version).map(history -> view(v, history.stream()
                .map(h -> new HistoryView(h.change(), h.ring(), h.reason(), h.actor(), h.occurredAt())).toList())));
    }

    /**
     * {@code promote}: pass the current ring now (ConfigMgr's "promote pre-production client"); {@code pause}: stop new
     * offers; {@code resume}: continue after a halt (its failures so far are accepted) or pause; {@code revoke}:
     * withdraw the version (the policy offers the previous one).
     *
     * @return 200 with the rollout (an empty body is no note); 400 for an unknown action, a version that is not a
     *     number or a bad body; 404 for a version without a rollout;
     *     409 when the rollout's state does not allow the action (e.g. promote while halted: resume first)
     */
    @POST
    @Path("/{packageId}/{version}/{action}")
    @RolesAllowed(Roles.ADMIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "promote, pause, resume or revoke a rollout")
    public Uni<RolloutView> act(@PathParam("packageId") String packageId, @PathParam("version") String versionText,
            @PathParam("action") String action, String body) {
        String pkg = Ids.packageId(packageId);
        int version = Ids.packageVersion(versionText);
        RolloutService.Action verb;
        try {
            verb = RolloutService.Action.valueOf(action.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw ProblemException.badRequest("unknown action '" + action + "'; the actions are promote, pause, resume, revoke");
        }
        String note = null;
        if (body != null && !body.isBlank()) {
            try {
                ActionRequest request = JSON.readValue(body, ActionRequest.class);
                note = request == null ? null : request.note();
            } catch (JsonProcessingException e) {
                throw ProblemException.badRequest("the body is not {\"note\": \"…\"}: " + StrictJson.describe(e, "a JSON object {\"note\": \"…\"}"));
            }
        }
        if (note != null && note.length() > 1000) {
            throw ProblemException.badRequest("note is longer than 1000 characters");
        }
        return service.act(pkg, version, verb, identity.getPrincipal().getName(), note).map(v -> view(v, null));
    }

    static RolloutView view(RolloutStore.RolloutView v, List<HistoryView> history) {
        List<RingView> rings = new ArrayList<>();
        for (int i = 0; i < v.figures().size(); i++) {
            var f = v.figures().get(i);
            var progress = v.rollout().rings().get(i);
            rings.add(new RingView(f.ring(), f.state().name(), f.offered(), f.succeeded(), f.failed(), f.stalled(), f.inProgress(),
                    progress.startedAt(), progress.passedAt()));
        }
        return new RolloutView(v.rollout().packageId(), v.rollout().packageVersion(), v.rollout().status(), v.rollout().reason(), v.planVersion(),
                rings, v.topErrorCodes(), v.onRevokedVersion(), history);
    }
}
