package io.acu.rollout.persistence;

import io.acu.formats.Version;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.rollout.domain.ClientOutcome;
import io.acu.rollout.domain.GrantDecision;
import io.acu.rollout.domain.ReportedState;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Per-client rollout rows ({@code client_offer}): the offer a policy request made, the client's download grant and
 * the latest 800 and 2001 states it reported since, with the outcome the gate counts.
 *
 * <p>State messages are applied in batches under row locks taken in primary-key order (concurrent batches of the FSP
 * and state-message topics cannot deadlock); a state replaces the stored one of its topic only when it is later by
 * {@link ReportedState#ORDER}, so re-delivery (same event ID) and arrival order change nothing.
 */
@ApplicationScoped
public class OfferStore {

    private final Pool pool;

    OfferStore(Pool pool) {
        this.pool = pool;
    }

    /** @return the package versions this client was offered */
    public Uni<Set<Integer>> offeredVersions(String packageId, String clientId) {
        return pool.preparedQuery("SELECT package_version FROM rollout.client_offer WHERE package_id = $1 AND client_id = $2")
                .execute(Tuple.of(packageId, clientId)).map(rows -> {
                    Set<Integer> versions = new HashSet<>();
                    rows.forEach(row -> versions.add(row.getInteger(0)));
                    return versions;
                });
    }

    /** Records that a client was offered a version, once (a repeated policy request changes nothing). */
    public Uni<Void> recordOffer(String packageId, int version, String clientId, int ringIndex, String boundaryGroup, Instant at) {
        return pool.preparedQuery("""
                INSERT INTO rollout.client_offer (package_id, package_version, client_id, ring_index, boundary_group, offered_at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""")
                .execute(Tuple.from(Arrays.asList(packageId, version, clientId, ringIndex, boundaryGroup, SettingsStore.utc(at))))
                .replaceWithVoid();
    }

    /** What a grant request found and decided. */
    public sealed interface GrantResult {
        /** The client holds no offer of this version. */
        record NotOffered() implements GrantResult {
        }

        /**
         * @param decision what the limits allowed
         * @param distributionPoint the DP the grant is for: the one asked for, or, for a grant the client already held,
         *     the one it holds it on
         */
        record Decided(GrantDecision decision, String distributionPoint) implements GrantResult {
        }
    }

    /**
     * Decides and records a download grant. Only a new grant takes the locks: it is decided and written serialised per
     * distribution point (and per boundary group under an hourly limit) with transaction advisory locks, on counts read
     * under them, so the cap holds across replicas. A refusal (the point or the group full) and a repeated request for a
     * grant the client holds are answered from one read without a lock: counts only rise by granting, so a point full at
     * that read was full when asked, and a repeat writes nothing. In a burst most requests are refusals, and they no
     * longer queue behind the grants.
     *
     * @param boundaryGroup the client's boundary group, or null
     * @param limits the distribution point's limits
     */
    public Uni<GrantResult> grant(String packageId, int version, String clientId, String distributionPoint, String boundaryGroup,
            GrantDecision.Limits limits, Instant now) {
        // The boundary group's last hour is counted only when the site sets an hourly limit: it grows with the fleet.
        boolean hourly = boundaryGroup != null && limits.perBoundaryGroupPerHour() > 0;
        return offerAndCounts(pool, false, packageId, version, clientId, distributionPoint, boundaryGroup, hourly, now).flatMap(seen -> {
            if (seen == null) {
                return Uni.createFrom().item((GrantResult) new GrantResult.NotOffered());
            }
            GrantDecision unlocked = seen.decide(limits, now);
            if (!(unlocked instanceof GrantDecision.Granted granted) || granted.renewed()) {
                return Uni.createFrom().item(seen.result(unlocked, distributionPoint));
            }
            return pool.withTransaction(connection -> connection.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('acu.rollout.grant.dp/' || $1))")
                    .execute(Tuple.of(distributionPoint))
                    .chain(() -> hourly ? connection.preparedQuery("SELECT pg_advisory_xact_lock(hashtext('acu.rollout.grant.bg/' || $1))")
                            .execute(Tuple.of(boundaryGroup)).replaceWithVoid() : Uni.createFrom().voidItem())
                    .chain(() -> offerAndCounts(connection, true, packageId, version, clientId, distributionPoint, boundaryGroup, hourly, now))
                    .flatMap(locked -> {
                        if (locked == null) {
                            return Uni.createFrom().item((GrantResult) new GrantResult.NotOffered());
                        }
                        GrantDecision decision = locked.decide(limits, now);
                        if (!(decision instanceof GrantDecision.Granted grant) || grant.renewed()) {
                            return Uni.createFrom().item(locked.result(decision, distributionPoint));
                        }
                        // In flight after this grant: the row counts once it holds an unexpired grant, unless the
                        // client already reported a final state (then it is a re-download nobody counts).
                        long inFlightAfter = locked.inFlight() + ("IN_PROGRESS".equals(locked.outcome()) ? 1 : 0);
                        return connection.preparedQuery("""
                                UPDATE rollout.client_offer SET grant_distribution_point = $4, granted_at = $5, grant_expires_at = $6,
                                    boundary_group = coalesce($7, boundary_group)
                                WHERE package_id = $1 AND package_version = $2 AND client_id = $3""")
                                .execute(Tuple.from(Arrays.asList(packageId, version, clientId, distributionPoint, SettingsStore.utc(now),
                                        SettingsStore.utc(grant.expiresAt()), boundaryGroup)))
                                .chain(() -> recordPeak(connection, distributionPoint, inFlightAfter, now))
                                .replaceWith((GrantResult) new GrantResult.Decided(decision, distributionPoint));
                    }));
        });
    }

    /**
     * A client's offer row and the counts a grant decision needs, read in one statement.
     *
     * @param existing the client's grant expiry if its outcome is still in progress, else null
     * @param outcome the client's outcome ({@code IN_PROGRESS} until a final state)
     * @param heldOn the DP the client's grant is on, null when it never had one
     * @param inFlight unexpired grants in progress on the asked DP
     * @param lastHour new grants in the boundary group in the last hour (0 without an hourly limit)
     * @param oldest the oldest of those, or null
     */
    private record OfferCounts(Instant existing, String outcome, String heldOn, long inFlight, long lastHour, Instant oldest) {

        GrantDecision decide(GrantDecision.Limits limits, Instant now) {
            return GrantDecision.decide(limits, existing, inFlight, lastHour, oldest, now);
        }

        /** A decision that writes nothing: a repeat names the DP the grant is held on, whichever DP it asks. */
        GrantResult result(GrantDecision decision, String asked) {
            return new GrantResult.Decided(decision, decision instanceof GrantDecision.Granted g && g.renewed() && heldOn != null ? heldOn : asked);
        }
    }

    /**
     * @param forUpdate lock the offer row (inside the grant's transaction)
     * @return the offer and counts, or null when the client holds no offer of the version
     */
    private static Uni<OfferCounts> offerAndCounts(SqlClient client, boolean forUpdate, String packageId, int version,
            String clientId, String distributionPoint, String boundaryGroup, boolean hourly, Instant now) {
        return client.preparedQuery("""
                SELECT o.grant_expires_at, o.outcome, o.grant_distribution_point,
                       (SELECT count(*) FROM rollout.client_offer WHERE grant_distribution_point = $4 AND outcome = 'IN_PROGRESS'
                            AND grant_expires_at > $6) AS in_flight,
                       CASE WHEN $7 THEN (SELECT count(*) FROM rollout.client_offer WHERE boundary_group = $5
                            AND granted_at > $6 - interval '1 hour') ELSE 0 END AS last_hour,
                       CASE WHEN $7 THEN (SELECT min(granted_at) FROM rollout.client_offer WHERE boundary_group = $5
                            AND granted_at > $6 - interval '1 hour') END AS oldest
                FROM rollout.client_offer o
                WHERE o.package_id = $1 AND o.package_version = $2 AND o.client_id = $3""" + (forUpdate ? " FOR UPDATE OF o" : ""))
                .execute(Tuple.from(Arrays.asList(packageId, version, clientId, distributionPoint, boundaryGroup, SettingsStore.utc(now), hourly)))
                .map(rows -> {
                    if (rows.size() == 0) {
                        return null;
                    }
                    Row row = rows.iterator().next();
                    String outcome = row.getString("outcome");
                    return new OfferCounts("IN_PROGRESS".equals(outcome) ? instant(row.getOffsetDateTime("grant_expires_at")) : null, outcome,
                            row.getString("grant_distribution_point"), row.getLong("in_flight"), row.getLong("last_hour"),
                            instant(row.getOffsetDateTime("oldest")));
                });
    }

    /**
     * Raises the distribution point's recorded peak of grants in flight to {@code inFlight} when higher. Runs inside
     * the grant's transaction, under the DP's advisory lock: {@code inFlight} is the exact count after the grant on
     * every replica, so the peak is what rollout really had in flight at once.
     */
    private static Uni<Void> recordPeak(SqlConnection connection, String distributionPoint, long inFlight, Instant now) {
        if (inFlight < 1) {
            return Uni.createFrom().voidItem();
        }
        return connection.preparedQuery("""
                INSERT INTO rollout.grant_peak (distribution_point, peak_in_flight, peak_at) VALUES ($1, $2, $3)
                ON CONFLICT (distribution_point) DO UPDATE SET peak_in_flight = EXCLUDED.peak_in_flight, peak_at = EXCLUDED.peak_at
                WHERE EXCLUDED.peak_in_flight > grant_peak.peak_in_flight""")
                .execute(Tuple.of(distributionPoint, (int) inFlight, SettingsStore.utc(now))).replaceWithVoid();
    }

    /**
     * Download grants on one distribution point.
     *
     * @param distributionPoint its name as granted, e.g. {@code dp01}
     * @param inFlight grants in flight now (unexpired, no final state)
     * @param peakInFlight the most it ever had in flight at once, counted when granting; 0 when it never had a grant
     * @param peakAt when that peak was first reached; null when never
     */
    public record PointGrants(String distributionPoint, long inFlight, int peakInFlight, Instant peakAt) {
    }

    /**
     * @return every distribution point that has been granted a download or reported content, by name, with its
     *     grants in flight now and its recorded peak
     */
    public Uni<List<PointGrants>> pointGrants(Instant now) {
        return pool.preparedQuery("""
                WITH points AS (
                    SELECT distribution_point FROM rollout.grant_peak
                    UNION SELECT distribution_point FROM rollout.distribution_status)
                SELECT p.distribution_point, coalesce(g.peak_in_flight, 0) AS peak, g.peak_at,
                       (SELECT count(*) FROM rollout.client_offer o WHERE o.grant_distribution_point = p.distribution_point
                            AND o.outcome = 'IN_PROGRESS' AND o.grant_expires_at > $1) AS in_flight
                FROM points p LEFT JOIN rollout.grant_peak g USING (distribution_point)
                ORDER BY p.distribution_point""")
                .execute(Tuple.of(SettingsStore.utc(now))).map(rows -> {
                    List<PointGrants> points = new ArrayList<>();
                    rows.forEach(row -> points.add(new PointGrants(row.getString("distribution_point"), row.getLong("in_flight"),
                            row.getInteger("peak"), instant(row.getOffsetDateTime("peak_at")))));
                    return points;
                });
    }

    /** @return grants in flight on a distribution point now */
    public Uni<Long> grantsInFlight(String distributionPoint, Instant now) {
        return pool.preparedQuery("SELECT count(*) FROM rollout.client_offer WHERE grant_distribution_point = $1 AND outcome = 'IN_PROGRESS' AND grant_expires_at > $2")
                .execute(Tuple.of(distributionPoint, SettingsStore.utc(now))).map(rows -> rows.iterator().next().getLong(0));
    }

    /**
     * One state message as the gate needs it.
     *
     * @param clientId canonical client ID
     * @param topicType 800 or 2001 (others are ignored)
     * @param state the state
     * @param receivedAt when the site's intake accepted it: it counts for offers made before
     */
    public record StateInput(String clientId, int topicType, ReportedState state, Instant receivedAt) {
    }

    /**
     * Applies state messages to the offers of their clients, in one transaction.
     *
     * @return how many offers changed
     */
    public Uni<Integer> applyStates(List<StateInput> states, Instant now) {
        List<StateInput> relevant = states.stream().filter(s -> s.topicType() == StateCatalogue.TOPIC_CLIENT_DEPLOYMENT
                || s.topicType() == StateCatalogue.TOPIC_EP_CLIENT_DEPLOYMENT).toList();
        if (relevant.isEmpty()) {
            return Uni.createFrom().item(0);
        }
        Map<String, List<StateInput>> byClient = new HashMap<>();
        relevant.forEach(s -> byClient.computeIfAbsent(s.clientId(), c -> new ArrayList<>()).add(s));
        String[] clients = byClient.keySet().stream().sorted().toArray(String[]::new);
        return pool.withTransaction(connection -> connection.preparedQuery("""
                SELECT o.*, p.client_version AS target_client_version, p.endpoint_protection_version AS target_ep_version
                FROM rollout.client_offer o JOIN rollout.package_version p USING (package_id, package_version)
                WHERE o.client_id = ANY($1) ORDER BY o.package_id, o.package_version, o.client_id FOR UPDATE OF o""")
                .execute(Tuple.of(clients))
                .flatMap(rows -> {
                    List<Tuple> updates = new ArrayList<>();
                    for (Row row : rows) {
                        Instant offeredAt = row.getOffsetDateTime("offered_at").toInstant();
                        ReportedState deploy = state(row, "deploy");
                        ReportedState ep = state(row, "ep");
                        ReportedState newDeploy = deploy;
                        ReportedState newEp = ep;
                        for (StateInput input : byClient.get(row.getString("client_id"))) {
                            if (input.receivedAt().isBefore(offeredAt)) {
                                continue; // about an earlier version or attempt
                            }
                            if (input.topicType() == StateCatalogue.TOPIC_CLIENT_DEPLOYMENT) {
                                newDeploy = ReportedState.latest(newDeploy, input.state());
                            } else {
                                newEp = ReportedState.latest(newEp, input.state());
                            }
                        }
                        if (newDeploy == deploy && newEp == ep) {
                            continue;
                        }
                        String epTarget = row.getString("target_ep_version");
                        ClientOutcome outcome = ClientOutcome.of(newDeploy, newEp, new ClientOutcome.Target(
                                Version.parse(row.getString("target_client_version")), epTarget == null ? null : Version.parse(epTarget)));
                        boolean changed = !outcome.kind().name().equals(row.getString("outcome"));
                        updates.add(Tuple.from(Arrays.asList(row.getString("package_id"), row.getInteger("package_version"), row.getString("client_id"),
                                field(newDeploy, 0), field(newDeploy, 1), field(newDeploy, 2), field(newDeploy, 3), field(newDeploy, 4), field(newDeploy, 5),
                                field(newEp, 0), field(newEp, 1), field(newEp, 2), field(newEp, 3), field(newEp, 4), field(newEp, 5),
                                outcome.kind().name(), outcome.topicType(), outcome.stateId(), outcome.errorCode(),
                                changed ? SettingsStore.utc(now) : row.getOffsetDateTime("outcome_at"))));
                    }
                    if (updates.isEmpty()) {
                        return Uni.createFrom().item(0);
                    }
                    return connection.preparedQuery("""
                            UPDATE rollout.client_offer SET
                                deploy_state_id = $4, deploy_message_time = $5, deploy_serial = $6, deploy_event_id = $7, deploy_version = $8, deploy_error_code = $9,
                                ep_state_id = $10, ep_message_time = $11, ep_serial = $12, ep_event_id = $13, ep_version = $14, ep_error_code = $15,
                                outcome = $16, outcome_topic_type = $17, outcome_state_id = $18, outcome_error_code = $19, outcome_at = $20
                            WHERE package_id = $1 AND package_version = $2 AND client_id = $3""")
                            .executeBatch(updates).replaceWith(updates.size());
                }));
    }

    private static ReportedState state(Row row, String prefix) {
        Integer stateId = row.getInteger(prefix + "_state_id");
        if (stateId == null) {
            return null;
        }
        return new ReportedState(stateId, row.getOffsetDateTime(prefix + "_message_time").toInstant(), row.getLong(prefix + "_serial"),
                row.getUUID(prefix + "_event_id"), row.getString(prefix + "_version"), row.getString(prefix + "_error_code"));
    }

    private static Object field(ReportedState state, int index) {
        if (state == null) {
            return null;
        }
        return switch (index) {
            case 0 -> state.stateId();
            case 1 -> SettingsStore.utc(state.messageTime());
            case 2 -> state.serialNumber();
            case 3 -> state.eventId();
            case 4 -> state.reportedVersion();
            default -> state.errorCode();
        };
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

}
