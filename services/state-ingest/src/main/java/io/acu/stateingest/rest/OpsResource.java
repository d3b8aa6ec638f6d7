package io.acu.stateingest.rest;

import io.acu.formats.catalogue.StateOutcome;
import io.acu.formats.InvalidValueException;
import io.acu.formats.PackageId;
import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.stateingest.domain.Compliance;
import io.acu.stateingest.domain.ComplianceState;
import io.acu.stateingest.persistence.ClientHistoryReader;
import io.acu.stateingest.persistence.ClientStateEntity;
import io.acu.stateingest.persistence.DistributionStatusStore;
import io.acu.stateingest.persistence.DistributionStatusStore.DistributionPointStatus;
import io.acu.stateingest.persistence.OpsQueries;
import io.acu.stateingest.persistence.PackageTargetStore;
import io.acu.stateingest.persistence.StateMessageEntity;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.jboss.resteasy.reactive.server.ServerExceptionMapper;
import org.eclipse.microprofile.openapi.annotations.parameters.Parameter;

/**
 * The ops API: whether a rollout is done. Compliance against a target version, rollout progress over time,
 * failures with their catalogue names and the clients behind them, one client's history, and the distribution
 * points' content status. JSON; errors as application/problem+json.
 */
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class OpsResource {

    private static final int MAX_LIMIT = 10_000;

    private final OpsQueries queries;
    private final PackageTargetStore targets;
    private final DistributionStatusStore distribution;
    private final ClientHistoryReader history;
    private final StateCatalogue catalogue = StateCatalogue.standard();

    OpsResource(OpsQueries queries, PackageTargetStore targets, DistributionStatusStore distribution, ClientHistoryReader history) {
        this.queries = queries;
        this.history = history;
        this.targets = targets;
        this.distribution = distribution;
    }

    /** JSON view of {@link Compliance}. */
    public record ComplianceView(int topicType, String topicName, String targetVersion, long clients, Map<ComplianceState, Long> byState,
            List<Compliance.VersionCount> byVersion) {
        static ComplianceView of(Compliance c, String topicName) {
            return new ComplianceView(c.topicType(), topicName, c.target().toString(), c.clients(), new TreeMap<>(c.byState()), c.byVersion());
        }
    }

    /**
     * {@code GET /api/compliance?topicType=2001&targetVersion=4.3.215.0}: clients by compliance state (ON_TARGET,
     * PENDING, FAILED, UNKNOWN) and by reported version, from each client's current state for the topic type.
     *
     * @return 200; 400 for an unknown topic type or a malformed version
     */
    @GET
    @Path("/compliance")
    @Operation(summary = "Clients by compliance state and reported version for a topic type and target version")
    public Uni<Response> compliance(@QueryParam("topicType") @Parameter(description = "800 client, 2001 Endpoint Protection agent") String topicTypeParam,
            @QueryParam("targetVersion") @Parameter(description = "e.g. 4.3.215.0") String targetVersion) {
        Integer topicType = wholeNumber("topicType", topicTypeParam, null);
        if (topicType == null || !catalogue.isKnownTopic(topicType)) {
            return bad("topicType must be one of " + catalogue.topicTypes() + ", was " + topicType);
        }
        Version target;
        try {
            target = Version.parse(targetVersion == null ? "" : targetVersion);
        } catch (InvalidValueException e) {
            return bad(e.getMessage());
        }
        return compliance(topicType, target);
    }

    /**
     * {@code GET /api/packages/{packageId}/compliance}: client deployment (topic 800) compliance against the client
     * version the package's latest ManifestUpdated announced.
     *
     * @return 200; 400 for a malformed package ID; 404 when no ManifestUpdated was seen for it
     */
    @GET
    @Path("/packages/{packageId}/compliance")
    @Operation(summary = "Client deployment compliance against the package's target client version")
    public Uni<Response> packageCompliance(@PathParam("packageId") String packageId) {
        PackageId id;
        try {
            id = PackageId.parse(packageId);
        } catch (InvalidValueException e) {
            return bad(e.getMessage());
        }
        return targets.find(id).flatMap(found -> found
                .map(stored -> compliance(StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, stored.target().clientVersion()))
                .orElseGet(() -> Uni.createFrom().item(Problems.problem(404, "Not Found", "no ManifestUpdated seen for package " + id, 0))));
    }

    private Uni<Response> compliance(int topicType, Version target) {
        return queries.complianceGroups(topicType)
                .map(groups -> Response.ok(ComplianceView.of(Compliance.of(topicType, target, groups), catalogue.topicName(topicType).orElse(null))).build());
    }

    /** One series of the rollout chart. */
    public record Series(String name, int topicType, int stateId, String stateName, List<OpsQueries.Bucket> buckets) {
    }

    /**
     * {@code GET /api/rollout/progress?bucket=PT1H}: per time bucket, how many clients first reported deployment
     * succeeded (800/400) and Endpoint Protection managed (2001/3), with running totals for a cumulative chart.
     *
     * @param bucket an ISO-8601 duration of at least one minute, default {@code PT1H}
     * @return 200; 400 for a malformed or too short bucket
     */
    @GET
    @Path("/rollout/progress")
    @Operation(summary = "Cumulative clients reaching deployment succeeded (800/400) and EP managed (2001/3) per time bucket")
    public Uni<Response> progress(@QueryParam("bucket") @DefaultValue("PT1H") String bucket) {
        Duration length;
        try {
            length = Duration.parse(bucket);
        } catch (DateTimeParseException e) {
            return bad("bucket must be an ISO-8601 duration such as PT1H, was " + InvalidValueException.excerpt(bucket));
        }
        if (length.compareTo(Duration.ofMinutes(1)) < 0) {
            return bad("bucket must be at least PT1M, was " + bucket);
        }
        Uni<Series> deployed = series("deploymentSucceeded", StateCatalogue.TOPIC_CLIENT_DEPLOYMENT, 400, length);
        Uni<Series> managed = series("endpointProtectionManaged", StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT, 3, length);
        return Uni.combine().all().unis(deployed, managed).asTuple()
                .map(both -> Response.ok(Map.of("bucket", length.toString(), "series", List.of(both.getItem1(), both.getItem2()))).build());
    }

    private Uni<Series> series(String name, int topicType, int stateId, Duration bucket) {
        return queries.firstReached(topicType, stateId, bucket)
                .map(buckets -> new Series(name, topicType, stateId, catalogue.stateName(topicType, stateId).orElse(null), buckets));
    }

    /**
     * {@code GET /api/failures?topicType=800}: the current failures of a topic type by state ID and error code, with
     * the catalogue's state names and the number of affected clients, most clients first.
     *
     * @return 200; 400 for an unknown topic type or a limit outside 1..10000
     */
    @GET
    @Path("/failures")
    @Operation(summary = "Top current failure states and error codes with affected client counts")
    public Uni<Response> failures(@QueryParam("topicType") String topicTypeParam, @QueryParam("limit") @DefaultValue("20") String limitParam) {
        Integer topicType = wholeNumber("topicType", topicTypeParam, null);
        int limit = wholeNumber("limit", limitParam, 20);
        if (topicType == null || !catalogue.isKnownTopic(topicType)) {
            return bad("topicType must be one of " + catalogue.topicTypes() + ", was " + topicType);
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return bad("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        return queries.failures(topicType, StateOutcome.failureStates(topicType), limit)
                .map(groups -> groups.stream().map(g -> new OpsQueries.FailureGroup(g.topicType(), g.stateId(),
                        catalogue.stateName(g.topicType(), g.stateId()).orElse(g.stateName()), g.errorCode(), g.clients())).toList())
                .map(groups -> Response.ok(groups).build());
    }

    /**
     * {@code GET /api/failures/clients?topicType=800&stateId=325&errorCode=0x80091007}: drill-down to the clients
     * whose current state is that failure, latest first; the same clients {@code GET /api/failures} counts.
     *
     * @return 200; 400 for an unknown topic type, a missing state ID, a state that is not a failure of the topic type
     *     (e.g. 2001/3, managed) or a limit outside 1..10000
     */
    @GET
    @Path("/failures/clients")
    @Operation(summary = "Clients currently in one failure state (optionally with one error code)")
    public Uni<Response> failingClients(@QueryParam("topicType") String topicTypeParam, @QueryParam("stateId") String stateIdParam,
            @QueryParam("errorCode") String errorCode, @QueryParam("limit") @DefaultValue("100") String limitParam) {
        Integer topicType = wholeNumber("topicType", topicTypeParam, null);
        Integer stateId = wholeNumber("stateId", stateIdParam, null);
        int limit = wholeNumber("limit", limitParam, 100);
        if (topicType == null || !catalogue.isKnownTopic(topicType)) {
            return bad("topicType must be one of " + catalogue.topicTypes() + ", was " + topicType);
        }
        if (stateId == null) {
            return bad("stateId is required");
        }
        int[] failureStates = StateOutcome.failureStates(topicType);
        if (StateOutcome.of(topicType, stateId, true) != StateOutcome.FAILED) {
            return bad("state " + stateId + catalogue.stateName(topicType, stateId).map(name -> " '" + name + "'").orElse("")
                    + " of topic type " + topicType + " is not a failure state; failure states: " + Arrays.toString(failureStates));
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            return bad("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        return queries.failingClients(topicType, failureStates, stateId, errorCode, limit).map(clients -> Response.ok(clients).build());
    }

    /**
     * {@code GET /api/clients/{clientId}}: a client's current state per topic type and its message history, oldest
     * MessageTime first.
     *
     * @param clientId e.g. {@code GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42}
     * @return 200; 404 when no message of the client was stored
     */
    @GET
    @Path("/clients/{clientId}")
    @Operation(summary = "One client's current states and message history")
    public Uni<Response> client(@PathParam("clientId") String clientId, @QueryParam("limit") @DefaultValue("1000") String limitParam) {
        int limit = wholeNumber("limit", limitParam, 1000);
        if (limit < 1 || limit > MAX_LIMIT) {
            return bad("limit must be 1.." + MAX_LIMIT + ", was " + limit);
        }
        return history.currentStates(clientId).flatMap(current -> current.isEmpty()
                ? Uni.createFrom().item(Problems.problem(404, "Not Found", "no state message stored for client " + InvalidValueException.excerpt(clientId), 0))
                : history.history(clientId, limit).map(messages -> Response.ok(Map.of("clientId", clientId,
                        "current", current.stream().map(OpsResource::currentState).toList(),
                        "history", messages.stream().map(OpsResource::historyEntry).toList())).build()));
    }

    /**
     * One stored message of a client's history.
     *
     * @param source the topic it arrived on
     * @param serialNumber null for fallback status point messages
     */
    public record HistoryEntry(String eventId, String source, int topicType, String topicId, int stateId, String stateName, String errorCode,
            Instant messageTime, String messageTimeWmi, Long serialNumber, List<String> userParameters, Instant receivedAt) {
    }

    private static HistoryEntry historyEntry(StateMessageEntity m) {
        return new HistoryEntry(m.eventId.toString(), m.sourceTopic, m.topicType, m.topicId, m.stateId, m.stateName, m.errorCode, m.messageTime,
                m.messageTimeWmi, m.serialNumber, List.of(m.userParameters), m.receivedAt);
    }

    private static OpsQueries.CurrentState currentState(ClientStateEntity c) {
        return new OpsQueries.CurrentState(c.clientId, c.netbiosName, c.clientVersion, c.topicType, c.stateId, c.stateName, c.errorCode,
                c.reportedVersion, c.messageTime, c.serialNumber);
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
                return bad(e.getMessage());
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

    private static Uni<Response> bad(String detail) {
        return Uni.createFrom().item(Problems.badRequest(detail));
    }

    /**
     * A whole-number query parameter. Declared as text because JAX-RS answers a query parameter it cannot convert
     * with an empty 404; an operator's typo deserves a 400 naming the parameter.
     *
     * @return {@code absent} when the parameter is missing or blank
     * @throws InvalidQueryParameterException when it is not a whole number in the int range
     */
    private static Integer wholeNumber(String name, String raw, Integer absent) {
        if (raw == null || raw.isBlank()) {
            return absent;
        }
        try {
            return Integer.valueOf(raw.strip());
        } catch (NumberFormatException e) {
            throw new InvalidQueryParameterException(name + " must be a whole number, was '" + InvalidValueException.excerpt(raw) + "'");
        }
    }

    /** A query parameter that is not of its type: 400 problem+json with the reason. */
    static final class InvalidQueryParameterException extends RuntimeException {
        InvalidQueryParameterException(String message) {
            super(message);
        }
    }

    @ServerExceptionMapper
    Response invalidQueryParameter(InvalidQueryParameterException e) {
        return Problems.badRequest(e.getMessage());
    }
}
