package io.acu.stateingest.persistence;

import io.acu.stateingest.domain.Compliance;
import io.quarkus.cache.CacheKey;
import io.quarkus.cache.CacheResult;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

/**
 * The ops API's read queries over {@code state_message} and {@code client_state}: aggregates computed in
 * PostgreSQL, so a response costs one round trip. Compliance and failures read {@code client_state_count}, the
 * clients per current state that triggers keep as {@code client_state} changes (V4), so they read a few rows
 * whatever the fleet size.
 *
 * <p>The fleet-wide aggregates the dashboard polls (compliance groups, first-reached buckets, failure groups) are
 * cached per argument for {@code quarkus.cache.caffeine."<cache>".expire-after-write} (2 s, the dashboard's poll
 * interval; Quarkus cache on Caffeine): concurrent and repeated requests within that time share one query, so ten
 * open dashboards cost the database what one does, and an answer is at most that old.
 */
@ApplicationScoped
public class OpsQueries {

    /** The (topic type, state ID) pairs whose first-reached counts V5's trigger keeps: 800/400 and 2001/3. */
    public static final java.util.Set<List<Integer>> COUNTED_FIRST_REACHED = java.util.Set.of(List.of(800, 400), List.of(2001, 3));
    /** Cache of {@link #complianceGroups}. */
    public static final String COMPLIANCE_CACHE = "ops-compliance-groups";
    /** Cache of {@link #firstReached}. */
    public static final String PROGRESS_CACHE = "ops-first-reached";
    /** Cache of {@link #failures} (keyed by topic type and limit: the failure states follow from the topic type). */
    public static final String FAILURES_CACHE = "ops-failures";

    private final Pool pool;

    OpsQueries(Pool pool) {
        this.pool = pool;
    }

    /** Clients of a topic type grouped by current state and reported version. */
    @CacheResult(cacheName = COMPLIANCE_CACHE)
    public Uni<List<Compliance.Group>> complianceGroups(int topicType) {
        return list("""
                SELECT state_id, state_name <> '' AS known, nullif(reported_version, '') AS reported_version, sum(clients) AS clients
                FROM state_ingest.client_state_count WHERE topic_type = $1 GROUP BY 1, 2, 3 HAVING sum(clients) > 0
                """, Tuple.of(topicType),
                row -> new Compliance.Group(row.getInteger("state_id"), row.getBoolean("known"), row.getString("reported_version"), row.getLong("clients")));
    }

    /**
     * One bucket of a rollout chart.
     *
     * @param start the bucket's start (UTC), aligned to multiples of the bucket length since 2000-01-01T00:00Z
     * @param clients clients that first reached the state in this bucket
     * @param cumulative clients that reached it up to the end of this bucket
     */
    public record Bucket(Instant start, long clients, long cumulative) {
    }

    /**
     * Clients by the bucket in which they first reported {@code (topicType, stateId)}, with the running total. The
     * states the progress chart follows ({@link #COUNTED_FIRST_REACHED}) are read from {@code first_reached_count}
     * (clients per minute, kept by a trigger, V5) for buckets of whole minutes: a few rows per bucket whatever the
     * fleet size. Other states and buckets are computed from the history.
     */
    @CacheResult(cacheName = PROGRESS_CACHE)
    public Uni<List<Bucket>> firstReached(int topicType, int stateId, Duration bucket) {
        boolean counted = COUNTED_FIRST_REACHED.contains(List.of(topicType, stateId)) && bucket.toSeconds() % 60 == 0 && bucket.getNano() == 0;
        return list(counted ? """
                SELECT bucket, clients, sum(clients) OVER (ORDER BY bucket) AS cumulative FROM (
                    SELECT date_bin(make_interval(secs => $3), minute, timestamptz '2000-01-01 00:00:00+00') AS bucket, sum(clients)::bigint AS clients
                    FROM state_ingest.first_reached_count WHERE topic_type = $1 AND state_id = $2
                    GROUP BY 1 HAVING sum(clients) > 0) AS buckets
                ORDER BY bucket
                """ : """
                SELECT bucket, clients, sum(clients) OVER (ORDER BY bucket) AS cumulative FROM (
                    SELECT date_bin(make_interval(secs => $3), first_time, timestamptz '2000-01-01 00:00:00+00') AS bucket, count(*) AS clients
                    FROM (SELECT client_id, min(message_time) AS first_time FROM state_ingest.state_message
                          WHERE topic_type = $1 AND state_id = $2 GROUP BY client_id) AS firsts
                    GROUP BY 1) AS buckets
                ORDER BY bucket
                """, Tuple.of(topicType, stateId, (double) bucket.toSeconds()),
                row -> new Bucket(row.getOffsetDateTime("bucket").toInstant(), row.getLong("clients"), row.getLong("cumulative")));
    }

    /**
     * Clients currently in one failure state with one error code.
     *
     * @param errorCode as reported, null when the messages carry none
     */
    public record FailureGroup(int topicType, int stateId, String stateName, String errorCode, long clients) {
    }

    /** The most frequent current failures of a topic type, most clients first. */
    @CacheResult(cacheName = FAILURES_CACHE)
    public Uni<List<FailureGroup>> failures(@CacheKey int topicType, int[] failureStates, @CacheKey int limit) {
        return list("""
                SELECT state_id, max(nullif(state_name, '')) AS state_name, nullif(error_code, '') AS error_code, sum(clients) AS clients
                FROM state_ingest.client_state_count WHERE topic_type = $1 AND state_id = ANY($2::int[])
                GROUP BY state_id, nullif(error_code, '') HAVING sum(clients) > 0
                ORDER BY clients DESC, state_id, error_code NULLS FIRST LIMIT $3
                """, Tuple.of(topicType, Arrays.stream(failureStates).boxed().toArray(Integer[]::new), limit),
                row -> new FailureGroup(topicType, row.getInteger("state_id"), row.getString("state_name"), row.getString("error_code"),
                        row.getLong("clients")));
    }

    /**
     * A client's current state for one topic type.
     *
     * @param serialNumber null for fallback status point messages
     */
    public record CurrentState(String clientId, String netbiosName, String clientVersion, int topicType, int stateId, String stateName,
            String errorCode, String reportedVersion, Instant messageTime, Long serialNumber) {
    }

    /**
     * Clients whose current state is the failure {@code (topicType, stateId)} (and {@code errorCode} unless null),
     * latest first: the clients behind one group of {@link #failures}, which counts only states in
     * {@code failureStates}; any other state ID lists nobody.
     */
    public Uni<List<CurrentState>> failingClients(int topicType, int[] failureStates, int stateId, String errorCode, int limit) {
        return list("""
                SELECT * FROM state_ingest.client_state
                WHERE topic_type = $1 AND state_id = $2 AND state_id = ANY($3::int[]) AND ($4::text IS NULL OR error_code = $4)
                ORDER BY message_time DESC, client_id LIMIT $5
                """, Tuple.of(topicType, stateId, Arrays.stream(failureStates).boxed().toArray(Integer[]::new), errorCode, limit),
                OpsQueries::currentState);
    }

    private static CurrentState currentState(Row row) {
        return new CurrentState(row.getString("client_id"), row.getString("netbios_name"), row.getString("client_version"),
                row.getInteger("topic_type"), row.getInteger("state_id"), row.getString("state_name"), row.getString("error_code"),
                row.getString("reported_version"), row.getOffsetDateTime("message_time").toInstant(), row.getLong("serial_number"));
    }

    /**
     * A package's stored target, as {@code GET /api/packages/{id}/target} shows it.
     *
     * @param packageId e.g. {@code CAS00006}
     * @param packageVersion the version its latest ManifestUpdated announced
     * @param clientVersion the client version that manifest installs, e.g. {@code 5.00.7804.1000}
     */
    public record TargetRow(String packageId, int packageVersion, String clientVersion) {
    }

    /** Every package's stored target (one row per package, a handful at any site). */
    public Uni<List<TargetRow>> packageTargets() {
        return list("SELECT package_id, package_version, client_version FROM state_ingest.package_target ORDER BY package_id", Tuple.tuple(),
                row -> new TargetRow(row.getString("package_id"), row.getInteger("package_version"), row.getString("client_version")));
    }

    /**
     * Distribution points in one content state for a package's newest version.
     *
     * @param state e.g. {@code INSTALLED}, {@code FAILED}
     * @param distributionPoints how many
     */
    public record DistributionStateCount(String packageId, int packageVersion, String state, long distributionPoints) {
    }

    /** Distribution points per content state of each package's newest version with a status (older versions are left out). */
    public Uni<List<DistributionStateCount>> newestVersionDistribution() {
        return list("""
                SELECT package_id, package_version, state, count(*) AS points FROM state_ingest.distribution_status d
                WHERE package_version = (SELECT max(package_version) FROM state_ingest.distribution_status n WHERE n.package_id = d.package_id)
                GROUP BY 1, 2, 3 ORDER BY 1, 3
                """, Tuple.tuple(),
                row -> new DistributionStateCount(row.getString("package_id"), row.getInteger("package_version"), row.getString("state"),
                        row.getLong("points")));
    }

    private <T> Uni<List<T>> list(String sql, Tuple parameters, Function<Row, T> mapper) {
        return pool.preparedQuery(sql).execute(parameters).map((RowSet<Row> rows) -> {
            List<T> list = new ArrayList<>(rows.size());
            for (Row row : rows) {
                list.add(mapper.apply(row));
            }
            return list;
        });
    }
}
