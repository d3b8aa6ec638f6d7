package io.acu.manifestbuilder.rest;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import io.acu.contracts.StrictJson;
import io.acu.manifestbuilder.domain.ClientUpgradeSettings;
import io.acu.manifestbuilder.domain.InvalidClientUpgradeSettingsException;
import io.acu.manifestbuilder.persistence.ClientUpgradeSettingsStore;
import io.acu.manifestbuilder.service.ClientUpgradeSettingsService;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab), for admins:
 * {@code GET|PUT /api/settings/client-upgrade}. Clients read them through {@link ClientPolicyResource} and in
 * ManifestUpdated.
 */
@Path("/api/settings/client-upgrade")
@RolesAllowed(Roles.ADMIN)
public class ClientUpgradeSettingsResource {

    /** Strict, as the hotfix metadata: unknown or repeated fields are refused; no scalar is coerced ("7" is not 7, 7.5 is not 7). */
    private static final ObjectMapper JSON = StrictJson.mapper();

    private final ClientUpgradeSettingsService service;

    ClientUpgradeSettingsResource(ClientUpgradeSettingsService service) {
        this.service = service;
    }

    /**
     * The settings as stored.
     *
     * @param enabled whether clients upgrade automatically
     * @param advertisementDurationDays days within which each client picks its random upgrade time, 1..31
     * @param excludedClientIds clients that never upgrade automatically, upper-case, sorted
     * @param overrideMaintenanceWindows true to upgrade outside maintenance windows
     * @param updatedAt when they were last set, UTC, e.g. {@code 2026-11-29T12:00:00Z}
     */
    public record SettingsView(boolean enabled, int advertisementDurationDays, List<String> excludedClientIds,
            boolean overrideMaintenanceWindows, Instant updatedAt) {
        static SettingsView of(ClientUpgradeSettingsStore.Stored stored) {
            ClientUpgradeSettings s = stored.settings();
            return new SettingsView(s.enabled(), s.advertisementDurationDays(), s.excludedClientIds(), s.overrideMaintenanceWindows(),
                    stored.updatedAt());
        }
    }

    /**
     * The settings to store; every field is required. A read-only {@code updatedAt} (as GET returns it) is ignored,
     * so a GET's body can be edited and sent back.
     *
     * @param enabled whether clients upgrade automatically
     * @param advertisementDurationDays 1..31
     * @param excludedClientIds {@code GUID:xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx}, any case, duplicates allowed, at most
     *     100,000 distinct; {@code []} for none
     * @param overrideMaintenanceWindows true to upgrade outside maintenance windows
     */
    @JsonIgnoreProperties(value = "updatedAt")
    public record SettingsRequest(Boolean enabled, Integer advertisementDurationDays, List<String> excludedClientIds,
            Boolean overrideMaintenanceWindows) {
    }

    /** @return 200 with the stored settings; 401/403 without the acu-admin role */
    @GET
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The site's automatic client upgrade settings")
    @APIResponse(responseCode = "200", description = "The stored settings",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not acu-admin")
    public Uni<SettingsView> get() {
        return service.current().map(SettingsView::of);
    }

    /**
     * Replaces the settings; the ManifestUpdated of every later package version and the client policy carry them.
     *
     * @param body a {@link SettingsRequest} as JSON
     * @return 200 with the stored settings (client IDs upper-case, distinct, sorted); 400 for a body that is not
     *     such JSON (syntax, unknown or missing field, wrong type); 422 for values against ConfigMgr's rules
     *     (duration outside 1..31, a malformed client ID, over 100,000 IDs); 401/403 without the acu-admin role.
     *     Problems are {@code application/problem+json}.
     */
    @PUT
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the site's automatic client upgrade settings")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON,
            schema = @Schema(implementation = SettingsRequest.class)))
    @APIResponse(responseCode = "200", description = "Stored; later ManifestUpdated events and the client policy carry them",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(implementation = SettingsView.class)))
    @APIResponse(responseCode = "400", description = "Not the settings JSON: syntax, unknown or missing field, wrong type")
    @APIResponse(responseCode = "422", description = "Against ConfigMgr's rules: duration outside 1..31, malformed client ID, over 100,000 IDs")
    @APIResponse(responseCode = "401", description = "No valid bearer token")
    @APIResponse(responseCode = "403", description = "Not acu-admin")
    public Uni<Response> put(String body) {
        ClientUpgradeSettings settings;
        try {
            settings = settings(body);
        } catch (UnreadableRequestException e) {
            return Uni.createFrom().item(Problems.problem(400, e.getMessage()));
        } catch (InvalidClientUpgradeSettingsException e) {
            return Uni.createFrom().failure(e);
        }
        return service.replace(settings).map(stored -> Response.ok(SettingsView.of(stored)).build());
    }

    private static ClientUpgradeSettings settings(String body) {
        if (body == null || body.isBlank()) {
            throw invalid("the body must be the settings JSON: enabled, advertisementDurationDays, excludedClientIds, overrideMaintenanceWindows");
        }
        SettingsRequest request;
        try {
            request = JSON.readValue(body, SettingsRequest.class);
        } catch (UnrecognizedPropertyException e) {
            throw invalid("unknown field '" + e.getPropertyName() + "'; the fields are enabled, advertisementDurationDays,"
                    + " excludedClientIds, overrideMaintenanceWindows");
        } catch (JsonProcessingException e) {
            throw invalid("the body is not the settings JSON: " + StrictJson.describe(e, "a JSON object of the settings"));
        }
        if (request == null) {
            throw invalid("the body must be a JSON object");
        }
        required(request.enabled(), "enabled");
        required(request.advertisementDurationDays(), "advertisementDurationDays");
        required(request.excludedClientIds(), "excludedClientIds");
        required(request.overrideMaintenanceWindows(), "overrideMaintenanceWindows");
        return new ClientUpgradeSettings(request.enabled(), request.advertisementDurationDays(), request.excludedClientIds(),
                request.overrideMaintenanceWindows());
    }

    private static void required(Object value, String field) {
        if (value == null) {
            throw invalid(field + " is required");
        }
    }

    private static UnreadableRequestException invalid(String reason) {
        return new UnreadableRequestException(reason);
    }

    /** A body that is not the settings JSON (HTTP 400). */
    private static final class UnreadableRequestException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UnreadableRequestException(String reason) {
            super(reason, null, false, false);
        }
    }
}
