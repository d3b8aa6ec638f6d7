package io.acu.rollout.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.RolloutStatus;
import io.acu.contracts.StrictJson;
import io.acu.problem.Problem;
import io.acu.rollout.service.RolloutService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * What managed clients call, without credentials (as a ConfigMgr management point serves policy): their own client
 * policy, and a download grant before they fetch content from a distribution point.
 */
@Path("/api")
@PermitAll
public class ClientResource {

    private static final ObjectMapper JSON = StrictJson.mapper();

    private final RolloutService service;

    ClientResource(RolloutService service) {
        this.service = service;
    }

    /**
     * One client's policy for automatic client upgrade.
     *
     * @param packageId e.g. {@code CAS00006}
     * @param clientId the asking client
     * @param offeredVersion the package version the client should run now; null = none (excluded, upgrade off)
     * @param candidateVersion the version being rolled out; null when every version is revoked
     * @param ring the client's ring for the candidate; null when excluded
     * @param rolloutStatus the candidate's rollout status
     * @param halted whether the candidate's rollout is halted (no download may start)
     * @param excluded whether this client is in the excluded collection
     * @param enabled whether automatic client upgrade is on
     * @param advertisementDurationDays days within which the client picks its random upgrade time, from the offer
     * @param overrideMaintenanceWindows whether the client upgrades outside its maintenance windows
     * @param reason why the client is not offered the candidate; null when it is
     */
    public record ClientPolicyView(String packageId, String clientId, Integer offeredVersion, Integer candidateVersion, String ring,
            RolloutStatus rolloutStatus, boolean halted, boolean excluded, boolean enabled, int advertisementDurationDays,
            boolean overrideMaintenanceWindows, String reason) {
    }

    /**
     * {@code GET /api/client-policy/{packageId}?clientId=&boundaryGroup=}: the version this client is offered now
     * (recording the first offer of a new version). Repeated calls answer the same.
     *
     * @return 200 with the policy; 400 for a malformed package or client ID; 404 for an unknown package
     */
    @GET
    @Path("/client-policy/{packageId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One client's policy: the package version it is offered now, its ring, the site's upgrade settings")
    public Uni<ClientPolicyView> policy(@PathParam("packageId") String packageId, @QueryParam("clientId") String clientId,
            @QueryParam("boundaryGroup") String boundaryGroup) {
        String pkg = Ids.packageId(packageId);
        String client = Ids.clientId(clientId);
        return service.policy(pkg, client, Ids.boundaryGroup(boundaryGroup)).map(p -> new ClientPolicyView(pkg, client,
                p.decision().offeredVersion(), p.decision().candidateVersion(), p.decision().ring(), p.decision().status(), p.decision().halted(),
                p.excluded(), p.settings().enabled(), p.settings().advertisementDurationDays(), p.settings().overrideMaintenanceWindows(),
                p.decision().reason()));
    }

    /**
     * A grant request.
     *
     * @param packageId e.g. {@code CAS00006}
     * @param packageVersion e.g. 5
     * @param clientId the client
     * @param distributionPoint the DP it will download from, e.g. {@code dp01}; one that reported the version INSTALLED
     *     (any case: the grant names it as it reported)
     * @param boundaryGroup its boundary group, e.g. {@code BG-HQ}; optional
     */
    public record GrantRequest(String packageId, Integer packageVersion, String clientId, String distributionPoint, String boundaryGroup) {
    }

    /**
     * A granted download.
     *
     * @param expiresAt when the grant lapses without a final state message (the client then counts as stalled)
     */
    public record GrantView(String packageId, int packageVersion, String clientId, String distributionPoint, Instant expiresAt) {
    }

    /**
     * {@code POST /api/download-grants}: may this client download the version from this DP now? At most K grants in
     * flight per DP (ConfigMgr's DP rate limits, Nebraska's updates per period); idempotent per client.
     *
     * @return 201 with a new grant, 200 with the one the client holds; 429 with Retry-After when full; 400 for a bad
     *     body; 404 for an unknown package version; 409 when the client is not offered the version, the rollout
     *     grants no downloads now (halted, paused, revoked), or the named distribution point does not hold the version
     *     (unknown to rollout, or its content not INSTALLED: the detail names it), so that invented DP names cannot
     *     dodge the per-DP cap
     */
    @POST
    @Path("/download-grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for a download grant for a package version on a distribution point")
    public Uni<Response> grant(String body) {
        GrantRequest request;
        try {
            request = body == null || body.isBlank() ? null : JSON.readValue(body, GrantRequest.class);
        } catch (JsonProcessingException e) {
            return Uni.createFrom().item(Problem.of(400, "the body is not a grant request: "
                    + StrictJson.describe(e, "a JSON object {packageId, packageVersion, clientId, distributionPoint, boundaryGroup}")).toResponse());
        }
        if (request == null || request.packageVersion() == null || request.distributionPoint() == null || request.distributionPoint().isBlank()) {
            return Uni.createFrom().item(Problem.of(400, "packageId, packageVersion, clientId and distributionPoint are required").toResponse());
        }
        String pkg = Ids.packageId(request.packageId());
        String client = Ids.clientId(request.clientId());
        String point = Ids.distributionPoint(request.distributionPoint());
        return service.grant(pkg, request.packageVersion(), client, point, Ids.boundaryGroup(request.boundaryGroup())).map(outcome -> {
            if (outcome instanceof RolloutService.GrantOutcome.Granted granted) {
                return Response.status(granted.renewed() ? 200 : 201)
                        .entity(new GrantView(pkg, request.packageVersion(), client, granted.distributionPoint(), granted.expiresAt())).build();
            }
            RolloutService.GrantOutcome.Full full = (RolloutService.GrantOutcome.Full) outcome;
            return Problem.of(429, full.reason() + "; retry after " + full.retryAfterSeconds() + " s")
                    .retryAfter(full.retryAfterSeconds()).toResponse();
        });
    }
}
