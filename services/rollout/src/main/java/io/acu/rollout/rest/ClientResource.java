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
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Optional;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * What managed clients call, each for itself (as a ConfigMgr management point serves policy to the client whose
 * certificate asks): their own client policy, and a download grant before they fetch content from a distribution point.
 * No operator JWT: the caller proves its client ID with its client token ({@link ClientIdentity}).
 */
@Path("/api")
@PermitAll
public class ClientResource {

    private static final ObjectMapper JSON = StrictJson.mapper();

    private final RolloutService service;
    private final ClientIdentity identity;

    ClientResource(RolloutService service, ClientIdentity identity) {
        this.service = service;
        this.identity = identity;
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
     * @param authorization {@code Bearer <the client's token>} where client tokens are required
     * @return 200 with the policy; 400 for a malformed package or client ID; 401 without the client's token, 403 with
     *     another client's (nothing recorded); 404 for an unknown package
     */
    @GET
    @Path("/client-policy/{packageId}")
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "One client's policy: the package version it is offered now, its ring, the site's upgrade settings")
    @APIResponse(responseCode = "200", description = "the client's policy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientPolicyView.class)))
    public Uni<Response> policy(@PathParam("packageId") String packageId, @QueryParam("clientId") String clientId,
            @QueryParam("boundaryGroup") String boundaryGroup, @HeaderParam("Authorization") String authorization) {
        String pkg = Ids.packageId(packageId);
        String client = Ids.clientId(clientId);
        String group = Ids.boundaryGroup(boundaryGroup);
        Optional<Response> refused = identity.refusal(authorization, clientId);
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        return service.policy(pkg, client, group).map(p -> Response.ok(new ClientPolicyView(pkg, client,
                p.decision().offeredVersion(), p.decision().candidateVersion(), p.decision().ring(), p.decision().status(), p.decision().halted(),
                p.excluded(), p.settings().enabled(), p.settings().advertisementDurationDays(), p.settings().overrideMaintenanceWindows(),
                p.decision().reason())).build());
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
     * @param authorization {@code Bearer <the client's token>} where client tokens are required
     * @return 201 with a new grant, 200 with the one the client holds; 429 with Retry-After when full; 400 for a bad
     *     body; 401 without the token of the body's client, 403 with another client's; 404 for an unknown package
     *     version; 409 when the client is not offered the version, the rollout grants no downloads now (halted, paused, revoked), or the named distribution point does not hold the version
     *     (unknown to rollout, or its content not INSTALLED: the detail names it), so that invented DP names cannot
     *     dodge the per-DP cap
     */
    @POST
    @Path("/download-grants")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Ask for a download grant for a package version on a distribution point")
    public Uni<Response> grant(String body, @HeaderParam("Authorization") String authorization) {
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
        if (request.packageVersion() < 1) {
            return Uni.createFrom().item(Problem.of(400, "packageVersion must be a package version number (1, 2, ...), was "
                    + request.packageVersion()).withField("packageVersion").toResponse());
        }
        String pkg = Ids.packageId(request.packageId());
        String client = Ids.clientId(request.clientId());
        String point = Ids.distributionPoint(request.distributionPoint());
        String group = Ids.boundaryGroup(request.boundaryGroup());
        Optional<Response> refused = identity.refusal(authorization, request.clientId());
        if (refused.isPresent()) {
            return Uni.createFrom().item(refused.get());
        }
        return service.grant(pkg, request.packageVersion(), client, point, group).map(outcome -> {
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
