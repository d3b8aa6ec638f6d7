package io.acu.manifestbuilder.rest;

import io.acu.contracts.ClientUpgradePolicy;
import io.acu.manifestbuilder.persistence.PackageStore;
import io.acu.manifestbuilder.service.ClientUpgradeSettingsService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.PermitAll;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code GET /api/client-policy/{packageId}}: the client policy for automatic client upgrade, as a ConfigMgr
 * management point hands it to clients: the client install package's current version and the site's upgrade
 * settings. Public and read-only: clients poll it without credentials, as they do the signing key.
 */
@Path("/api/client-policy/{packageId}")
@PermitAll
public class ClientPolicyResource {

    private final PackageStore packages;
    private final ClientUpgradeSettingsService settings;

    ClientPolicyResource(PackageStore packages, ClientUpgradeSettingsService settings) {
        this.packages = packages;
        this.settings = settings;
    }

    /**
     * What a client reads.
     *
     * @param packageId e.g. {@code CAS00006}
     * @param packageVersion the package's current (highest) version, e.g. 5
     * @param clientUpgrade the site's automatic client upgrade settings (the contract's {@link ClientUpgradePolicy},
     *     as in ManifestUpdated)
     */
    public record ClientPolicy(String packageId, int packageVersion, ClientUpgradePolicy clientUpgrade) {
    }

    /**
     * @return 200 with the policy; 400 for a malformed package ID; 404 for a package manifest-builder does not
     *     know. Problems are {@code application/problem+json}.
     */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Client policy for automatic client upgrade: the package's current version and the site's settings")
    @APIResponse(responseCode = "200", description = "The policy",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = ClientPolicy.class)))
    @APIResponse(responseCode = "400", description = "Malformed package ID")
    @APIResponse(responseCode = "404", description = "Unknown package")
    public Uni<Response> policy(@PathParam("packageId") @Parameter(description = "e.g. CAS00006") String packageId) {
        String id = PackageResource.packageId(packageId);
        return packages.latestVersionNumber(id).flatMap(latest -> latest.isEmpty()
                ? Uni.createFrom().item(Problems.problem(404, "package " + id + " is not known"))
                : settings.current().map(site -> Response.ok(new ClientPolicy(id, latest.get(), site.settings().policy())).build()));
    }
}
