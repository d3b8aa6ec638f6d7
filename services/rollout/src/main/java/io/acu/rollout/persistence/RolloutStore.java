package io.acu.rollout.persistence;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.ErrorCodeCount;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.RingFigures;
import io.acu.contracts.RingState;
import io.acu.contracts.RolloutStateChanged;
import io.acu.contracts.RolloutStatus;
import io.acu.formats.catalogue.StateCatalogue;
import io.acu.rollout.domain.GateCriteria;
import io.acu.rollout.domain.RingCounts;
import io.acu.rollout.domain.RingProgress;
import io.acu.rollout.domain.Rollout;
import io.acu.rollout.domain.RolloutPlan;
import io.acu.rollout.domain.Transition;
import io.acu.outbox.OutboxTable;
import io.acu.rollout.json.PlanJson;
import io.smallrye.mutiny.Multi;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.RowSet;
import io.vertx.mutiny.sqlclient.SqlConnection;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Rollout plans, package versions, distribution status and the rollouts themselves in rollout's tables.
 *
 * <p>A rollout changes only inside {@link #change}: its row is locked ({@code FOR UPDATE}), the domain step runs, the
 * new state and every transition (as a {@code RolloutStateChanged} envelope, the outbox row) are written in the same
 * transaction. So any number of replicas may evaluate gates and take operator actions: one at a time per rollout,
 * and no transition is lost or published twice with different IDs.
 */
@ApplicationScoped
public class RolloutStore {

    /** How many error codes a rollout reports as its top failures. */
    static final int TOP_ERROR_CODES = 5;

    private final Pool pool;
    private final OutboxTable outbox;
    private final StateCatalogue catalogue = StateCatalogue.standard();

    RolloutStore(Pool pool, OutboxTable outbox) {
        this.pool = pool;
        this.outbox = outbox;
    }

    /**
     * A stored plan.
     *
     * @param packageId e.g. {@code CAS00006}
     * @param planVersion 1 for the first stored plan, one more per replacement; 0 for the default plan (never stored)
     * @param plan the plan
     * @param updatedAt when stored; null for the default
     * @param updatedBy who stored it; null for the default
     */
    public record StoredPlan(String packageId, int planVersion, RolloutPlan plan, Instant updatedAt, String updatedBy) {
    }

    /** @return the package's plan, or the default plan (version 0) when none was stored */
    public Uni<StoredPlan> plan(String packageId) {
        return plan(pool, packageId);
    }

    /** Replaces the package's plan; the next package version's rollout follows it. */
    public Uni<StoredPlan> replacePlan(String packageId, RolloutPlan plan, String actor, Instant at) {
        return pool.preparedQuery("""
                INSERT INTO rollout.rollout_plan (package_id, plan_version, plan, updated_at, updated_by)
                VALUES ($1, 1, $2::text::jsonb, $3, $4)
                ON CONFLICT (package_id) DO UPDATE SET plan_version = rollout_plan.plan_version + 1, plan = EXCLUDED.plan,
                    updated_at = EXCLUDED.updated_at, updated_by = EXCLUDED.updated_by
                RETURNING plan_version""")
                .execute(Tuple.of(packageId, PlanJson.write(plan), SettingsStore.utc(at), actor))
                .map(rows -> new StoredPlan(packageId, rows.iterator().next().getInteger(0), plan, at, actor));
    }

    /**
     * Records a package version and creates its rollout, both once (a re-delivered ManifestUpdated changes nothing).
     * The version the fleet runs is the package's baseline (completed): its first version, or, when the first
     * ManifestUpdated rollout sees already names a previous version (a package imported into manifest-builder
     * publishes none), that previous version. Every later version waits for its content, then runs its rings.
     *
     * @param previousVersion the version this one replaces (ManifestUpdated's previousPackageVersion); null for none
     * @return true when the version was new to rollout
     */
    public Uni<Boolean> recordVersion(String packageId, int version, Integer previousVersion, String clientVersion,
            String endpointProtectionVersion, String kbNumber, Instant at) {
        return pool.withTransaction(connection -> insertVersion(connection, packageId, version, clientVersion, endpointProtectionVersion, kbNumber, at)
                .flatMap(inserted -> !inserted ? Uni.createFrom().item(false)
                        : connection.preparedQuery("SELECT count(*) FROM rollout.rollout WHERE package_id = $1 AND package_version < $2")
                                .execute(Tuple.of(packageId, version))
                                .flatMap(rows -> plan(connection, packageId).flatMap(plan -> {
                                    boolean first = rows.iterator().next().getLong(0) == 0;
                                    if (first && previousVersion == null) {
                                        return insertRollout(connection, Rollout.baseline(packageId, version, plan.plan(), at), plan,
                                                "the package's first version: the fleet's baseline", at);
                                    }
                                    Uni<Boolean> baseline = !first ? Uni.createFrom().item(true)
                                            : insertVersion(connection, packageId, previousVersion, clientVersion, null, null, at)
                                                    .flatMap(added -> !added ? Uni.createFrom().item(true)
                                                            : insertRollout(connection, Rollout.baseline(packageId, previousVersion, plan.plan(), at), plan,
                                                                    "the version the fleet runs (v" + version + " replaces it): the baseline", at));
                                    return baseline.chain(() -> insertRollout(connection, Rollout.start(packageId, version, plan.plan()), plan,
                                            "new version" + (kbNumber == null ? "" : " (" + kbNumber + ")") + "; rings follow plan version "
                                                    + plan.planVersion(), at));
                                }))));
    }

    private static Uni<Boolean> insertVersion(SqlConnection connection, String packageId, int version, String clientVersion,
            String endpointProtectionVersion, String kbNumber, Instant at) {
        return connection.preparedQuery("""
                INSERT INTO rollout.package_version (package_id, package_version, client_version, endpoint_protection_version, kb_number, published_at)
                VALUES ($1, $2, $3, $4, $5, $6) ON CONFLICT DO NOTHING""")
                .execute(Tuple.from(Arrays.asList(packageId, version, clientVersion, endpointProtectionVersion, kbNumber, SettingsStore.utc(at))))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Stores a new rollout with its STARTED transition (the outbox row). */
    private Uni<Boolean> insertRollout(SqlConnection connection, Rollout rollout, StoredPlan plan, String why, Instant at) {
        Transition started = new Transition(io.acu.contracts.RolloutChange.STARTED, null, why, Rollout.AUTOMATIC);
        return insertRollout(connection, rollout, plan.planVersion(), at)
                .chain(() -> writeEvents(connection, rollout, List.of(started), null, at))
                .replaceWith(true);
    }

    /** Stores a distribution point's status of a package version when newer than the one stored. */
    public Uni<Void> recordDistribution(ContentDistributionStatusChanged status) {
        return pool.preparedQuery("""
                INSERT INTO rollout.distribution_status (package_id, package_version, distribution_point, state, changed_at)
                VALUES ($1, $2, $3, $4, $5)
                ON CONFLICT (package_id, package_version, distribution_point) DO UPDATE SET state = EXCLUDED.state, changed_at = EXCLUDED.changed_at
                WHERE EXCLUDED.changed_at >= distribution_status.changed_at""")
                .execute(Tuple.of(status.packageId(), status.packageVersion(), status.distributionPoint(), status.state().name(),
                        SettingsStore.utc(status.changedAt())))
                .replaceWithVoid();
    }

    /** @return each distribution point's latest state of a package version by DP name, e.g. {@code dp01 -> INSTALLED} */
    public Uni<Map<String, String>> distributionStates(String packageId, int version) {
        return pool.preparedQuery("SELECT distribution_point, state FROM rollout.distribution_status WHERE package_id = $1 AND package_version = $2")
                .execute(Tuple.of(packageId, version)).map(rows -> {
                    Map<String, String> states = new HashMap<>();
                    rows.forEach(row -> states.put(row.getString(0), row.getString(1)));
                    return states;
                });
    }

    /** The statuses in which a rollout still has automatic steps to take (the driver steps these). */
    private static final String STEPPED = "status IN ('WAITING_FOR_CONTENT', 'RUNNING')";

    /** @return the (package, version) pairs whose rollout still has automatic steps to take */
    public Uni<List<Map.Entry<String, Integer>>> unfinished() {
        return keys(STEPPED);
    }

    /** @return the rollouts no longer stepped (halted, paused, completed, revoked), as (package ID, version) */
    public Uni<List<Map.Entry<String, Integer>>> settled() {
        return keys("NOT " + STEPPED);
    }

    private Uni<List<Map.Entry<String, Integer>>> keys(String condition) {
        return pool.query("SELECT package_id, package_version FROM rollout.rollout WHERE " + condition)
                .execute().map(rows -> {
                    List<Map.Entry<String, Integer>> keys = new ArrayList<>();
                    rows.forEach(row -> keys.add(Map.entry(row.getString(0), row.getInteger(1))));
                    return keys;
                });
    }

    /** @return every rollout of a package, newest version first */
    public Uni<List<Rollout>> rollouts(String packageId) {
        return pool.withConnection(connection -> loadAll(connection, packageId));
    }

    /**
     * A rollout with its figures, as the status API and events show it.
     *
     * @param rollout the rollout
     * @param planVersion the plan version it follows
     * @param figures each ring's figures, in plan order
     * @param topErrorCodes the most frequent failures
     * @param onRevokedVersion clients that succeeded on this version, when it is revoked (counted apart); else 0
     */
    public record RolloutView(Rollout rollout, int planVersion, List<RingFigures> figures, List<ErrorCodeCount> topErrorCodes,
            long onRevokedVersion) {
    }

    /** @return the rollout of one version with its figures, or empty when the version has none */
    public Uni<Optional<RolloutView>> view(String packageId, int version, Instant now) {
        return pool.withConnection(connection -> load(connection, packageId, version, false).flatMap(found -> found.isEmpty()
                ? Uni.createFrom().item(Optional.<RolloutView>empty())
                : figures(connection, found.get(), now).map(Optional::of)));
    }

    /** One transition of a rollout's history. */
    public record HistoryEntry(String change, String ring, String reason, String actor, Instant occurredAt) {
    }

    /** @return a rollout's transitions in order */
    public Uni<List<HistoryEntry>> history(String packageId, int version) {
        return pool.preparedQuery("SELECT change, ring, reason, actor, occurred_at FROM rollout.rollout_event"
                        + " WHERE package_id = $1 AND package_version = $2 ORDER BY seq")
                .execute(Tuple.of(packageId, version)).map(rows -> {
                    List<HistoryEntry> entries = new ArrayList<>();
                    rows.forEach(row -> entries.add(new HistoryEntry(row.getString(0), row.getString(1), row.getString(2), row.getString(3),
                            row.getOffsetDateTime(4).toInstant())));
                    return entries;
                });
    }

    /**
     * Everything a step needs: the rollout (locked), whether its content is on the distribution points, each ring's
     * counts.
     */
    public record StepInput(Rollout rollout, boolean contentReady, Map<Integer, RingCounts> counts) {
    }

    /**
     * What one step did.
     *
     * @param transitions the rollout's transitions, in order; empty when nothing changed
     * @param view the rollout after the step with the figures it was decided on
     */
    public record Stepped(List<Transition> transitions, RolloutView view) {
    }

    /**
     * Applies one step to a rollout under its row lock and stores the outcome with its transitions. The ring counts
     * are read once: the step decides on them, and the events and the returned view carry them.
     *
     * @param skipLocked true for the periodic evaluation (a rollout another replica is stepping is skipped), false for
     *     an operator's action (it waits for the lock)
     * @param step the domain step; may throw (e.g. a conflict), which rolls back
     * @return what the step did, or empty when the rollout does not exist or was skipped
     */
    public Uni<Optional<Stepped>> change(String packageId, int version, Instant now, boolean skipLocked,
            java.util.function.Function<StepInput, List<Transition>> step) {
        return pool.withTransaction(connection -> load(connection, packageId, version, true, skipLocked).flatMap(found -> {
            if (found.isEmpty()) {
                return Uni.createFrom().item(Optional.<Stepped>empty());
            }
            Rollout rollout = found.get().rollout();
            return contentReady(connection, packageId, version)
                    .flatMap(ready -> ringCounts(connection, rollout, now).flatMap(counted -> {
                        List<Transition> transitions = step.apply(new StepInput(rollout, ready, counted.counts()));
                        RolloutView view = view(found.get(), counted);
                        if (transitions.isEmpty()) {
                            return Uni.createFrom().item(Optional.of(new Stepped(transitions, view)));
                        }
                        return updateRollout(connection, rollout, now)
                                .chain(() -> writeEvents(connection, rollout, transitions, view, now))
                                .replaceWith(Optional.of(new Stepped(transitions, view)));
                    }));
        }));
    }

    /** @return whether the package version is known */
    public Uni<Boolean> versionExists(String packageId, int version) {
        return pool.preparedQuery("SELECT 1 FROM rollout.package_version WHERE package_id = $1 AND package_version = $2")
                .execute(Tuple.of(packageId, version)).map(rows -> rows.size() > 0);
    }

    /** @return whether any version of the package is known */
    public Uni<Boolean> packageExists(String packageId) {
        return pool.preparedQuery("SELECT 1 FROM rollout.package_version WHERE package_id = $1 LIMIT 1")
                .execute(Tuple.of(packageId)).map(rows -> rows.size() > 0);
    }

    // ---- internals ----

    private record Loaded(Rollout rollout, int planVersion) {
    }

    private static Uni<StoredPlan> plan(io.vertx.mutiny.sqlclient.SqlClient client, String packageId) {
        return client.preparedQuery("SELECT plan_version, plan::text, updated_at, updated_by FROM rollout.rollout_plan WHERE package_id = $1")
                .execute(Tuple.of(packageId)).map(rows -> {
                    if (rows.size() == 0) {
                        return new StoredPlan(packageId, 0, RolloutPlan.defaultPlan(), null, null);
                    }
                    Row row = rows.iterator().next();
                    return new StoredPlan(packageId, row.getInteger(0), PlanJson.read(row.getString(1)), row.getOffsetDateTime(2).toInstant(),
                            row.getString(3));
                });
    }

    private Uni<Void> insertRollout(SqlConnection connection, Rollout rollout, int planVersion, Instant at) {
        return connection.preparedQuery("""
                INSERT INTO rollout.rollout (package_id, package_version, plan_version, plan, status, reason, created_at, updated_at)
                VALUES ($1, $2, $3, $4::text::jsonb, $5, $6, $7, $7)""")
                .execute(Tuple.from(Arrays.asList(rollout.packageId(), rollout.packageVersion(), planVersion, PlanJson.write(rollout.plan()),
                        rollout.status().name(), rollout.reason(), SettingsStore.utc(at))))
                .chain(() -> {
                    List<Tuple> rings = new ArrayList<>();
                    for (int i = 0; i < rollout.rings().size(); i++) {
                        RingProgress ring = rollout.rings().get(i);
                        rings.add(Tuple.from(Arrays.asList(rollout.packageId(), rollout.packageVersion(), i, rollout.plan().rings().get(i).name(),
                                ring.state().name(), SettingsStore.utc(ring.startedAt()), SettingsStore.utc(ring.passedAt()),
                                ring.acknowledgedFailures())));
                    }
                    return connection.preparedQuery("""
                            INSERT INTO rollout.rollout_ring (package_id, package_version, ring_index, ring, state, started_at, passed_at, acknowledged_failures)
                            VALUES ($1, $2, $3, $4, $5, $6, $7, $8)""").executeBatch(rings);
                }).replaceWithVoid();
    }

    private Uni<Void> updateRollout(SqlConnection connection, Rollout rollout, Instant at) {
        return connection.preparedQuery("UPDATE rollout.rollout SET status = $3, reason = $4, updated_at = $5 WHERE package_id = $1 AND package_version = $2")
                .execute(Tuple.from(Arrays.asList(rollout.packageId(), rollout.packageVersion(), rollout.status().name(), rollout.reason(),
                        SettingsStore.utc(at))))
                .chain(() -> {
                    List<Tuple> rings = new ArrayList<>();
                    for (int i = 0; i < rollout.rings().size(); i++) {
                        RingProgress ring = rollout.rings().get(i);
                        rings.add(Tuple.from(Arrays.asList(rollout.packageId(), rollout.packageVersion(), i, ring.state().name(),
                                SettingsStore.utc(ring.startedAt()), SettingsStore.utc(ring.passedAt()), ring.acknowledgedFailures())));
                    }
                    return connection.preparedQuery("""
                            UPDATE rollout.rollout_ring SET state = $4, started_at = $5, passed_at = $6, acknowledged_failures = $7
                            WHERE package_id = $1 AND package_version = $2 AND ring_index = $3""").executeBatch(rings);
                }).replaceWithVoid();
    }

    private Uni<Optional<Loaded>> load(SqlConnection connection, String packageId, int version, boolean lock) {
        return load(connection, packageId, version, lock, false);
    }

    private Uni<Optional<Loaded>> load(SqlConnection connection, String packageId, int version, boolean lock, boolean skipLocked) {
        String sql = "SELECT plan_version, plan::text, status, reason FROM rollout.rollout WHERE package_id = $1 AND package_version = $2"
                + (lock ? " FOR UPDATE" + (skipLocked ? " SKIP LOCKED" : "") : "");
        return connection.preparedQuery(sql).execute(Tuple.of(packageId, version)).flatMap(rows -> {
            if (rows.size() == 0) {
                return Uni.createFrom().item(Optional.<Loaded>empty());
            }
            Row row = rows.iterator().next();
            return connection.preparedQuery("SELECT state, started_at, passed_at, acknowledged_failures FROM rollout.rollout_ring"
                            + " WHERE package_id = $1 AND package_version = $2 ORDER BY ring_index")
                    .execute(Tuple.of(packageId, version)).map(ringRows -> {
                        List<RingProgress> rings = new ArrayList<>();
                        for (Row ring : ringRows) {
                            Instant started = instant(ring.getOffsetDateTime(1));
                            Instant passed = instant(ring.getOffsetDateTime(2));
                            rings.add(new RingProgress(RingState.valueOf(ring.getString(0)), started, passed, ring.getLong(3)));
                        }
                        Rollout rollout = new Rollout(packageId, version, PlanJson.read(row.getString(1)), RolloutStatus.valueOf(row.getString(2)),
                                rings, row.getString(3));
                        return Optional.of(new Loaded(rollout, row.getInteger(0)));
                    });
        });
    }

    private Uni<List<Rollout>> loadAll(SqlConnection connection, String packageId) {
        return connection.preparedQuery("SELECT package_version FROM rollout.rollout WHERE package_id = $1 ORDER BY package_version DESC")
                .execute(Tuple.of(packageId)).flatMap(rows -> {
                    List<Integer> versions = new ArrayList<>();
                    rows.forEach(row -> versions.add(row.getInteger(0)));
                    Uni<List<Rollout>> chain = Uni.createFrom().item(new ArrayList<>());
                    for (int version : versions) {
                        chain = chain.flatMap(list -> load(connection, packageId, version, false).map(found -> {
                            found.ifPresent(l -> list.add(l.rollout()));
                            return list;
                        }));
                    }
                    return chain;
                });
    }

    /** The version is INSTALLED on every distribution point that reported it, and at least one did. */
    private static Uni<Boolean> contentReady(SqlConnection connection, String packageId, int version) {
        return connection.preparedQuery("""
                SELECT count(*) AS points, count(*) FILTER (WHERE state = 'INSTALLED') AS installed
                FROM rollout.distribution_status WHERE package_id = $1 AND package_version = $2""")
                .execute(Tuple.of(packageId, version)).map(rows -> {
                    Row row = rows.iterator().next();
                    long points = row.getLong(0);
                    return points > 0 && points == row.getLong(1);
                });
    }

    private record Counted(Map<Integer, RingCounts> counts, List<ErrorCodeCount> topErrorCodes, long succeededTotal) {
    }

    private Uni<Counted> ringCounts(SqlConnection connection, Rollout rollout, Instant now) {
        return connection.preparedQuery("""
                SELECT ring_index, outcome, outcome_topic_type, outcome_state_id, outcome_error_code,
                       (outcome = 'IN_PROGRESS' AND grant_expires_at IS NOT NULL AND grant_expires_at < $3) AS stalled,
                       count(*) AS clients, min(outcome_at) FILTER (WHERE outcome = 'SUCCEEDED') AS first_success
                FROM rollout.client_offer WHERE package_id = $1 AND package_version = $2
                GROUP BY 1, 2, 3, 4, 5, 6""")
                .execute(Tuple.of(rollout.packageId(), rollout.packageVersion(), SettingsStore.utc(now)))
                .map(rows -> count(rollout, rows));
    }

    private Counted count(Rollout rollout, RowSet<Row> rows) {
        Map<Integer, long[]> sums = new HashMap<>(); // offered, succeeded, failed, stalled
        Map<Integer, Instant> firstSuccess = new HashMap<>();
        Map<String, ErrorCodeCount> codes = new HashMap<>();
        long succeededTotal = 0;
        for (Row row : rows) {
            int ring = row.getInteger("ring_index");
            if (ring >= rollout.plan().rings().size()) {
                continue;
            }
            GateCriteria gate = rollout.plan().rings().get(ring).gate();
            long clients = row.getLong("clients");
            long[] sum = sums.computeIfAbsent(ring, r -> new long[4]);
            sum[0] += clients;
            switch (row.getString("outcome")) {
                case "SUCCEEDED" -> {
                    sum[1] += clients;
                    succeededTotal += clients;
                    Instant first = instant(row.getOffsetDateTime("first_success"));
                    if (first != null) {
                        firstSuccess.merge(ring, first, (a, b) -> a.isBefore(b) ? a : b);
                    }
                }
                case "FAILED" -> {
                    String code = row.getString("outcome_error_code");
                    int topic = row.getInteger("outcome_topic_type");
                    int state = row.getInteger("outcome_state_id");
                    if (!gate.ignores(code)) {
                        sum[2] += clients;
                    }
                    String key = code + "/" + topic + "/" + state;
                    codes.merge(key, new ErrorCodeCount(code == null ? "none" : code, catalogue.stateName(topic, state).orElse(null), topic, state, clients),
                            (a, b) -> new ErrorCodeCount(a.errorCode(), a.name(), a.topicType(), a.stateId(), a.clients() + b.clients()));
                }
                default -> {
                    if (row.getBoolean("stalled")) {
                        sum[3] += clients;
                    }
                }
            }
        }
        Map<Integer, RingCounts> counts = new HashMap<>();
        sums.forEach((ring, s) -> counts.put(ring, new RingCounts(s[0], s[1], s[2], s[3], firstSuccess.get(ring))));
        List<ErrorCodeCount> top = codes.values().stream()
                .sorted(Comparator.comparingLong(ErrorCodeCount::clients).reversed().thenComparing(ErrorCodeCount::errorCode))
                .limit(TOP_ERROR_CODES).toList();
        return new Counted(counts, top, succeededTotal);
    }

    private Uni<RolloutView> figures(SqlConnection connection, Loaded loaded, Instant now) {
        return ringCounts(connection, loaded.rollout(), now).map(counted -> view(loaded, counted));
    }

    private static RolloutView view(Loaded loaded, Counted counted) {
        Rollout rollout = loaded.rollout();
        List<RingFigures> figures = new ArrayList<>();
        for (int i = 0; i < rollout.rings().size(); i++) {
            RingCounts c = counted.counts().getOrDefault(i, RingCounts.NONE);
            figures.add(new RingFigures(rollout.plan().rings().get(i).name(), rollout.rings().get(i).state(), c.offered(), c.succeeded(),
                    c.failed(), c.stalled(), c.inProgress()));
        }
        return new RolloutView(rollout, loaded.planVersion(), figures, counted.topErrorCodes(),
                rollout.status() == RolloutStatus.REVOKED ? counted.succeededTotal() : 0);
    }

    /**
     * Writes the transitions as RolloutStateChanged envelopes: each into the rollout's history ({@code rollout_event})
     * and into the outbox (acu-outbox), in the caller's transaction; {@code current} null = no figures yet.
     */
    private Uni<Void> writeEvents(SqlConnection connection, Rollout rollout, List<Transition> transitions, RolloutView current, Instant at) {
        List<RingFigures> figures = current != null ? current.figures() : emptyFigures(rollout);
        List<ErrorCodeCount> codes = current != null ? current.topErrorCodes() : List.of();
        List<Tuple> rows = new ArrayList<>();
        List<EventEnvelope<RolloutStateChanged>> events = new ArrayList<>();
        for (int i = 0; i < transitions.size(); i++) {
            Transition t = transitions.get(i);
            // One step can make several changes (RING_PASSED, RING_STARTED, …): a microsecond apart, so consumers that
            // keep the latest by changedAt (state-ingest) keep the step's last change, not a random one of them.
            Instant changedAt = at.truncatedTo(java.time.temporal.ChronoUnit.MICROS).plus(i, java.time.temporal.ChronoUnit.MICROS);
            RolloutStateChanged payload = new RolloutStateChanged(rollout.packageId(), rollout.packageVersion(), t.change(), t.ring(),
                    rollout.status(), figures, codes, t.reason(), t.actor(), changedAt);
            EventEnvelope<RolloutStateChanged> event = EventEnvelope.of(payload, "rollout", changedAt);
            events.add(event);
            rows.add(Tuple.from(Arrays.asList(event.eventId(), rollout.packageId(), rollout.packageVersion(), t.change().name(), t.ring(),
                    t.reason(), t.actor(), SettingsStore.utc(changedAt), EventJson.encode(event))));
        }
        return connection.preparedQuery("""
                INSERT INTO rollout.rollout_event (event_id, package_id, package_version, change, ring, reason, actor, occurred_at, payload)
                VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9::text::jsonb)""").executeBatch(rows)
                .chain(() -> Multi.createFrom().iterable(events).onItem().transformToUniAndConcatenate(event -> outbox.add(connection, event))
                        .collect().last())
                .replaceWithVoid();
    }

    private static List<RingFigures> emptyFigures(Rollout rollout) {
        List<RingFigures> figures = new ArrayList<>();
        for (int i = 0; i < rollout.rings().size(); i++) {
            figures.add(new RingFigures(rollout.plan().rings().get(i).name(), rollout.rings().get(i).state(), 0, 0, 0, 0, 0));
        }
        return figures;
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

}
