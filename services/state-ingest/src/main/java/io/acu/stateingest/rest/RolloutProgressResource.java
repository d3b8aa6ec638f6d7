package io.acu.stateingest.rest;

import io.acu.formats.InvalidValueException;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.stateingest.persistence.OpsQueries;
import io.smallrye.mutiny.Uni;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * Ops API: rollout progress over time, the clients first reaching success per time bucket for a cumulative chart.
 * JSON; errors as application/problem+json.
 */
// Rooted at /api like every ops resource: a class at /api/packages would shadow ComplianceResource's /api/packages/{id}/compliance.
@Path("/api")
@Produces(MediaType.APPLICATION_JSON)
public class RolloutProgressResource {

    /** The longest bucket, in days (ten years). */
    static final int MAX_BUCKET_DAYS = 3660;

    private final OpsQueries queries;
    private final StateCatalogue catalogue = StateCatalogue.standard();

    RolloutProgressResource(OpsQueries queries) {
        this.queries = queries;
    }

    /** One series of the rollout chart. */
    public record Series(String name, int topicType, int stateId, String stateName, List<OpsQueries.Bucket> buckets) {
    }

    /**
     * {@code GET /api/rollout/progress?bucket=PT1H}: per time bucket, how many clients first reported deployment
     * succeeded (800/400) and Endpoint Protection managed (2001/3), with running totals for a cumulative chart.
     *
     * @param bucket an ISO-8601 duration of one minute to {@value #MAX_BUCKET_DAYS} days, default {@code PT1H}
     * @return 200; 400 (problem+json, {@code field} {@code bucket}) for a malformed, too short or too long bucket
     */
    @GET
    @Path("/rollout/progress")
    @Operation(summary = "Cumulative clients reaching deployment succeeded (800/400) and EP managed (2001/3) per time bucket")
    public Uni<Response> progress(@QueryParam("bucket") @DefaultValue("PT1H") String bucket) {
        Duration length;
        try {
            length = Duration.parse(bucket);
        } catch (DateTimeParseException e) {
            throw QueryParameters.bad("bucket", "bucket must be an ISO-8601 duration such as PT1H, was " + InvalidValueException.excerpt(bucket));
        }
        if (length.compareTo(Duration.ofMinutes(1)) < 0) {
            throw QueryParameters.bad("bucket", "bucket must be at least PT1M, was " + bucket);
        }
        // PostgreSQL's date_bin overflows on strides of a few million years; a bucket longer than ten years is one bar.
        if (length.compareTo(Duration.ofDays(MAX_BUCKET_DAYS)) > 0) {
            throw QueryParameters.bad("bucket", "bucket must be at most P" + MAX_BUCKET_DAYS + "D, was " + bucket);
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
}
