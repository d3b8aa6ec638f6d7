package io.acu.rollout.rest;

import io.acu.rollout.json.PlanJson;
import io.acu.rollout.persistence.RolloutStore;
import io.quarkus.security.identity.SecurityIdentity;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * {@code GET|PUT /api/rollout-plans/{packageId}}: a package's rollout plan (rings and gates). The plan in force
 * when a new package version arrives is the one its rollout follows.
 */
@Path("/api/rollout-plans/{packageId}")
public class PlanResource {

    private final RolloutStore store;
    private final SecurityIdentity identity;
    private final Clock clock;

    PlanResource(RolloutStore store, SecurityIdentity identity, Clock clock) {
        this.store = store;
        this.identity = identity;
        this.clock = clock;
    }

    /**
     * A plan as stored.
     *
     * @param planVersion 0 for the default plan (never stored), then 1, 2, …
     * @param updatedAt null for the default plan
     * @param updatedBy null for the default plan
     * @param plan the rings; see {@link PlanJson}
     */
    public record PlanView(String packageId, int planVersion, Instant updatedAt, String updatedBy, PlanJson.PlanDocument plan) {
    }

    /** @return the package's plan (the default when none was set) */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "A package's rollout plan")
    public Uni<PlanView> get(@PathParam("packageId") String packageId) {
        return store.plan(Ids.packageId(packageId)).map(PlanResource::view);
    }

    /**
     * Replaces the plan; the next package version's rollout follows it.
     *
     * @param body the plan, {@code {"rings": [...]}} (see {@link PlanJson})
     * @return 200 with the stored plan and its new version; 400 naming the field for an invalid plan
     */
    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace a package's rollout plan")
    public Uni<PlanView> put(@PathParam("packageId") String packageId, String body) {
        String pkg = Ids.packageId(packageId);
        return store.replacePlan(pkg, PlanJson.read(body), identity.getPrincipal().getName(), clock.instant()).map(PlanResource::view);
    }

    private static PlanView view(RolloutStore.StoredPlan plan) {
        return new PlanView(plan.packageId(), plan.planVersion(), plan.updatedAt(), plan.updatedBy(), PlanJson.toDocument(plan.plan()));
    }
}
