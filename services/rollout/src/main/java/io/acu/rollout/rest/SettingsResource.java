package io.acu.rollout.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.acu.contracts.StrictJson;
import io.acu.problem.ProblemException;
import io.acu.rollout.domain.ClientIds;
import io.acu.rollout.persistence.SettingsStore;
import io.smallrye.mutiny.Uni;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab):
 * {@code GET|PUT /api/settings/client-upgrade}, and the excluded collection of any size as text,
 * {@code GET|PUT /api/settings/client-upgrade/exclusions} (one client ID per line).
 */
@Path("/api/settings/client-upgrade")
public class SettingsResource {

    private static final ObjectMapper JSON = StrictJson.mapper();

    private final SettingsStore store;
    private final Clock clock;

    SettingsResource(SettingsStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /**
     * The settings as stored.
     *
     * @param advertisementDurationDays 1..31
     * @param excludedClients how many clients the excluded collection holds (the IDs: GET …/exclusions)
     */
    public record SettingsView(boolean enabled, int advertisementDurationDays, boolean overrideMaintenanceWindows, long excludedClients,
            Instant updatedAt) {
    }

    /**
     * The settings to store; every field but {@code excludedClientIds} is required.
     *
     * @param excludedClientIds when given, replaces the excluded collection (at most 100,000 here; more through
     *     …/exclusions)
     */
    public record SettingsRequest(Boolean enabled, Integer advertisementDurationDays, List<String> excludedClientIds,
            Boolean overrideMaintenanceWindows, Long excludedClients, Instant updatedAt) {
    }

    /** @return the stored settings */
    @GET
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "The site's automatic client upgrade settings")
    public Uni<SettingsView> get() {
        return store.current().map(s -> view(s.orElseThrow()));
    }

    /** @return 200 with the stored settings; 400 naming the field for a bad body or value */
    @PUT
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the site's automatic client upgrade settings")
    public Uni<SettingsView> put(String body) {
        SettingsRequest request;
        try {
            request = body == null || body.isBlank() ? null : JSON.readValue(body, SettingsRequest.class);
        } catch (JsonProcessingException e) {
            throw ProblemException.badRequest("the body is not the settings JSON: " + StrictJson.describe(e,
                    "a JSON object {enabled, advertisementDurationDays, overrideMaintenanceWindows[, excludedClientIds]}"));
        }
        if (request == null) {
            throw ProblemException.badRequest("the body must be the settings JSON {enabled, advertisementDurationDays, overrideMaintenanceWindows}");
        }
        required(request.enabled(), "enabled");
        required(request.advertisementDurationDays(), "advertisementDurationDays");
        required(request.overrideMaintenanceWindows(), "overrideMaintenanceWindows");
        if (request.advertisementDurationDays() < 1 || request.advertisementDurationDays() > 31) {
            throw ProblemException.badRequest("advertisementDurationDays must be between 1 and 31, was " + request.advertisementDurationDays());
        }
        Optional<List<String>> exclusions = Optional.empty();
        if (request.excludedClientIds() != null) {
            if (request.excludedClientIds().size() > 100_000) {
                throw ProblemException.badRequest("excludedClientIds lists " + request.excludedClientIds().size()
                        + " IDs, at most 100,000 here; PUT larger collections to /api/settings/client-upgrade/exclusions as text");
            }
            exclusions = Optional.of(canonical(request.excludedClientIds(), "excludedClientIds"));
        }
        return store.replace(request.enabled(), request.advertisementDurationDays(), request.overrideMaintenanceWindows(), exclusions,
                clock.instant(), false).chain(() -> get());
    }

    /** @return the excluded collection as text, one client ID per line, sorted */
    @GET
    @Path("/exclusions")
    @RolesAllowed({Roles.VIEWER, Roles.ADMIN})
    @Produces(MediaType.TEXT_PLAIN)
    @Operation(summary = "The excluded collection, one client ID per line")
    public Uni<String> exclusions() {
        return store.exclusions().map(ids -> ids.isEmpty() ? "" : String.join("\n", ids) + "\n");
    }

    /**
     * Replaces the excluded collection (any size) with the client IDs in the body, one per line (blank lines
     * ignored, duplicates and case folded).
     *
     * @return 200 with the settings; 400 naming the first malformed line by its 1-based number (blank lines counted); an
     *     empty text/plain body empties the collection
     */
    @PUT
    @Path("/exclusions")
    @RolesAllowed(Roles.ADMIN)
    @Consumes(MediaType.TEXT_PLAIN)
    @Produces(MediaType.APPLICATION_JSON)
    @Operation(summary = "Replace the excluded collection: text, one client ID per line")
    public Uni<SettingsView> putExclusions(String body) {
        return store.replaceExclusions(canonicalLines(body == null ? "" : body), clock.instant()).chain(() -> get());
    }

    /**
     * @return the client IDs of a text body, canonical, first occurrence order; blank lines skipped
     * @throws ProblemException naming the first malformed line by its 1-based number in the text as sent
     *     (blank lines counted), e.g. {@code line 3: ...}
     */
    static List<String> canonicalLines(String body) {
        Set<String> canonical = new LinkedHashSet<>();
        int[] number = {0};
        body.lines().forEachOrdered(raw -> {
            number[0]++;
            String line = raw.strip();
            if (line.isEmpty()) {
                return;
            }
            try {
                canonical.add(ClientIds.require(line, "line " + number[0]));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(e.getMessage());
            }
        });
        return List.copyOf(canonical);
    }

    private static List<String> canonical(List<String> ids, String field) {
        Set<String> canonical = new LinkedHashSet<>(ids.size() * 2);
        for (int i = 0; i < ids.size(); i++) {
            try {
                canonical.add(ClientIds.require(ids.get(i), field + "[" + i + "]"));
            } catch (IllegalArgumentException e) {
                throw ProblemException.badRequest(e.getMessage());
            }
        }
        return List.copyOf(canonical);
    }

    private static void required(Object value, String field) {
        if (value == null) {
            throw ProblemException.badRequest(field + " is required");
        }
    }

    private static SettingsView view(SettingsStore.Settings s) {
        return new SettingsView(s.enabled(), s.advertisementDurationDays(), s.overrideMaintenanceWindows(), s.excludedClients(), s.updatedAt());
    }
}
