package io.acu.dpcontent.manager.persistence;

import io.acu.contracts.ContentDistributionStatusChanged;
import io.acu.contracts.DistributionState;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.ManifestUpdated;
import io.acu.dpcontent.core.DistributionStatus;
import io.acu.outbox.HibernateReactiveOutbox;
import io.acu.outbox.OutboxTable;
import io.acu.outbox.TraceContext;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.hibernate.reactive.panache.common.WithSession;
import io.quarkus.hibernate.reactive.panache.common.WithTransaction;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.hibernate.LockMode;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * The distribution manager's records in {@code dp_content}: accepted package versions and per-DP status. Every
 * status change and its ContentDistributionStatusChanged event (into the outbox, libs/outbox) are written in one
 * transaction.
 */
@ApplicationScoped
public class DistributionStore {

    /** The service name in event envelopes. */
    public static final String SOURCE = "dp-content";

    private final OutboxTable outbox;

    DistributionStore(OutboxTable outbox) {
        this.outbox = outbox;
    }

    /** What accepting one ManifestUpdated did. */
    public enum Accepted {
        /** New version: INSTALL_PENDING recorded for every enabled DP. */
        NEW,
        /** This package version was accepted before (re-delivery, or the same version re-sent): nothing changed. */
        DUPLICATE
    }

    /**
     * Accepts a package version for distribution, once: records it and, for each DP, INSTALL_PENDING plus its event.
     *
     * @param event the ManifestUpdated event
     * @param eventJson the event as received, kept to resume after a restart
     * @param distributionPoints names of the enabled DPs to distribute to
     * @param now the time
     * @param trace the trace the event was received in (the Kafka consumer span), kept with the version so its
     *     distribution attempts join it; {@link TraceContext#NONE} when untraced
     * @return NEW, or DUPLICATE when the package version is already known
     */
    @WithTransaction
    public Uni<Accepted> accept(EventEnvelope<ManifestUpdated> event, String eventJson, List<String> distributionPoints, Instant now,
            TraceContext trace) {
        ManifestUpdated m = event.payload();
        return session().flatMap(s -> s.find(PackageVersionEntity.class, new VersionKey(m.packageId(), m.packageVersion()))
                .flatMap(existing -> {
                    if (existing != null) {
                        return Uni.createFrom().item(Accepted.DUPLICATE);
                    }
                    PackageVersionEntity version = new PackageVersionEntity();
                    version.key = new VersionKey(m.packageId(), m.packageVersion());
                    version.eventId = event.eventId();
                    version.manifestEvent = eventJson;
                    version.receivedAt = now;
                    version.traceParent = trace.traceparent();
                    version.traceState = trace.tracestate();
                    Uni<Void> chain = s.persist(version);
                    for (String dp : distributionPoints) {
                        DistributionStatus pending = DistributionStatus.pending(m.packageId(), m.packageVersion(), dp, now);
                        chain = chain.flatMap(v -> persistPending(s, pending, trace));
                    }
                    return chain.replaceWith(Accepted.NEW);
                }));
    }

    /**
     * Distributions due for an attempt: INSTALL_PENDING or INSTALL_RETRYING with the next attempt at or before
     * {@code now}, oldest first.
     *
     * @param now the time
     * @param limit most rows returned
     * @return the statuses
     */
    @WithSession
    public Uni<List<DistributionStatus>> due(Instant now, int limit) {
        return session().flatMap(s -> s.createSelectionQuery(
                        "from DpPackageStatusEntity where state in (1, 2) and nextAttemptAt <= :now order by nextAttemptAt",
                        DpPackageStatusEntity.class)
                .setParameter("now", now).setMaxResults(limit).getResultList())
                .map(rows -> rows.stream().map(DpPackageStatusEntity::toDomain).toList());
    }

    /**
     * @param packageId a package
     * @param packageVersion a version
     * @return the ManifestUpdated event JSON it was accepted with, if any
     */
    @WithSession
    public Uni<Optional<String>> manifestEvent(String packageId, int packageVersion) {
        return session().flatMap(s -> s.find(PackageVersionEntity.class, new VersionKey(packageId, packageVersion)))
                .map(e -> Optional.ofNullable(e).map(v -> v.manifestEvent));
    }

    /**
     * @param packageId a package
     * @param packageVersion a version
     * @return the trace context the version was accepted in; {@link TraceContext#NONE} if untraced or unknown
     */
    @WithSession
    public Uni<TraceContext> trace(String packageId, int packageVersion) {
        return session().flatMap(s -> s.find(PackageVersionEntity.class, new VersionKey(packageId, packageVersion)))
                .map(v -> v == null ? TraceContext.NONE : new TraceContext(v.traceParent, v.traceState));
    }

    /**
     * Records a status change and its event, unless the row moved on meanwhile: compare-and-set on the state and attempt
     * number the change was computed from, under the row's lock ({@code SELECT ... FOR UPDATE}), so of two writers (a
     * deposed leader's late attempt and the new leader's, or an operator's reset) only the first records.
     *
     * @param next the new status
     * @param from the status the change was computed from
     * @param trace the span the change was made in (the attempt's), parent of the event's send
     * @return true if recorded
     */
    @WithTransaction
    public Uni<Boolean> record(DistributionStatus next, DistributionStatus from, TraceContext trace) {
        return session().flatMap(s -> s.find(DpPackageStatusEntity.class,
                        new StatusKey(next.packageId(), next.packageVersion(), next.distributionPoint()), LockMode.PESSIMISTIC_WRITE)
                .flatMap(row -> {
                    if (row == null || row.state != from.state().code() || row.attempt != from.attempt()) {
                        return Uni.createFrom().item(false);
                    }
                    DistributionState previous = DistributionState.fromCode(row.state);
                    row.apply(next);
                    return announce(s, next.changeFrom(previous), trace).replaceWith(true);
                }));
    }

    /**
     * @param packageId a package
     * @param packageVersion a version
     * @return its status on every DP, by DP name
     */
    @WithSession
    public Uni<List<DistributionStatus>> statuses(String packageId, int packageVersion) {
        return session().flatMap(s -> s.createSelectionQuery(
                        "from DpPackageStatusEntity where key.packageId = :p and key.packageVersion = :v order by key.distributionPoint",
                        DpPackageStatusEntity.class)
                .setParameter("p", packageId).setParameter("v", packageVersion).getResultList())
                .map(rows -> rows.stream().map(DpPackageStatusEntity::toDomain).toList());
    }

    /**
     * @param packageId a package
     * @return its INSTALLED statuses, every version and DP
     */
    @WithSession
    public Uni<List<DistributionStatus>> installed(String packageId) {
        return session().flatMap(s -> s.createSelectionQuery("from DpPackageStatusEntity where key.packageId = :p and state = :installed",
                        DpPackageStatusEntity.class)
                .setParameter("p", packageId).setParameter("installed", (short) DistributionState.INSTALLED.code()).getResultList())
                .map(rows -> rows.stream().map(DpPackageStatusEntity::toDomain).toList());
    }

    /**
     * @param distributionPoint a DP's name
     * @return every package version's status on it
     */
    @WithSession
    public Uni<List<DistributionStatus>> statusesOn(String distributionPoint) {
        return session().flatMap(s -> s.createSelectionQuery("from DpPackageStatusEntity where key.distributionPoint = :dp",
                        DpPackageStatusEntity.class).setParameter("dp", distributionPoint).getResultList())
                .map(rows -> rows.stream().map(DpPackageStatusEntity::toDomain).toList());
    }

    /** @return how many (package version, DP) pairs are in each state, every state listed (0 when none) */
    @WithSession
    public Uni<Map<DistributionState, Long>> summary() {
        return session().flatMap(s -> s.createSelectionQuery("select state, count(*) from DpPackageStatusEntity group by state", Object[].class)
                        .getResultList())
                .map(rows -> {
                    Map<DistributionState, Long> counts = new TreeMap<>();
                    for (DistributionState state : DistributionState.values()) {
                        counts.put(state, 0L);
                    }
                    for (Object[] row : rows) {
                        counts.put(DistributionState.fromCode(((Number) row[0]).intValue()), ((Number) row[1]).longValue());
                    }
                    return counts;
                });
    }

    /**
     * The desired state, made true: every enabled DP holds each package's current (highest accepted) version. For each
     * such pair with no distribution yet (a DP added after the version was published, or enabled later), records
     * INSTALL_PENDING with its event. Idempotent; a pair recorded meanwhile by {@link #accept} makes this transaction
     * fail on the primary key, and the next round finds nothing to add.
     *
     * @param enabledDistributionPoints names of the enabled DPs
     * @param now the time
     * @return the distributions added, by package, version and DP
     */
    @WithTransaction
    public Uni<List<DistributionStatus>> reconcile(Collection<String> enabledDistributionPoints, Instant now) {
        if (enabledDistributionPoints.isEmpty()) {
            return Uni.createFrom().item(List.of());
        }
        return session().flatMap(s -> s.createSelectionQuery(
                        "select v.key.packageId, max(v.key.packageVersion) from PackageVersionEntity v group by v.key.packageId order by 1",
                        Object[].class).getResultList()
                .flatMap(current -> s.createSelectionQuery("select st.key from DpPackageStatusEntity st where st.key.packageVersion = "
                                + "(select max(v.key.packageVersion) from PackageVersionEntity v where v.key.packageId = st.key.packageId)",
                        StatusKey.class).getResultList()
                        .flatMap(existing -> {
                            Set<StatusKey> present = new HashSet<>(existing);
                            List<DistributionStatus> added = new ArrayList<>();
                            Uni<Void> chain = Uni.createFrom().voidItem();
                            for (Object[] version : current) {
                                for (String dp : new TreeSet<>(enabledDistributionPoints)) {
                                    StatusKey key = new StatusKey((String) version[0], (Integer) version[1], dp);
                                    if (!present.contains(key)) {
                                        DistributionStatus pending = DistributionStatus.pending(key.packageId, key.packageVersion, dp, now);
                                        added.add(pending);
                                        chain = chain.flatMap(v -> persistPending(s, pending, TraceContext.NONE));
                                    }
                                }
                            }
                            return chain.replaceWith(added);
                        })));
    }

    /** Inserts a new INSTALL_PENDING distribution and its event, sent in {@code trace}. */
    private Uni<Void> persistPending(Mutiny.Session session, DistributionStatus pending, TraceContext trace) {
        DpPackageStatusEntity row = new DpPackageStatusEntity();
        row.key = new StatusKey(pending.packageId(), pending.packageVersion(), pending.distributionPoint());
        row.apply(pending);
        return session.persist(row).flatMap(v -> announce(session, pending.changeFrom(null), trace));
    }

    /**
     * Puts a distribution back to INSTALL_PENDING, due now (an operator's "redistribute", or content validation found
     * its files damaged on the DP). Attempts start again from 0. A pair never distributed (a DP added after the
     * version was published) is started when {@code mayStart} and the package version is known.
     *
     * @param mayStart whether a pair without a distribution may be started (the DP is enabled)
     * @return the new status, or empty if the pair is unknown and could not be started
     */
    @WithTransaction
    public Uni<Optional<DistributionStatus>> redistribute(String packageId, int packageVersion, String distributionPoint, boolean mayStart,
            Instant now) {
        return session().flatMap(s -> s.find(DpPackageStatusEntity.class, new StatusKey(packageId, packageVersion, distributionPoint))
                .flatMap(row -> {
                    if (row == null) {
                        if (!mayStart) {
                            return Uni.createFrom().item(Optional.<DistributionStatus>empty());
                        }
                        return s.find(PackageVersionEntity.class, new VersionKey(packageId, packageVersion)).flatMap(version -> {
                            if (version == null) {
                                return Uni.createFrom().item(Optional.<DistributionStatus>empty());
                            }
                            DistributionStatus pending = DistributionStatus.pending(packageId, packageVersion, distributionPoint, now);
                            return persistPending(s, pending, TraceContext.current()).replaceWith(Optional.of(pending));
                        });
                    }
                    DistributionState previous = DistributionState.fromCode(row.state);
                    DistributionStatus pending = new DistributionStatus(packageId, packageVersion, distributionPoint,
                            DistributionState.INSTALL_PENDING, 0, row.bytesTransferred, null, now, now);
                    row.apply(pending);
                    return announce(s, pending.changeFrom(previous), TraceContext.current()).replaceWith(Optional.of(pending));
                }));
    }

    /** Adds the event announcing {@code change} to the outbox, in the session's transaction; its send joins {@code trace}. */
    private Uni<Void> announce(Mutiny.Session session, ContentDistributionStatusChanged change, TraceContext trace) {
        return HibernateReactiveOutbox.add(session, outbox, EventEnvelope.of(change, SOURCE, change.changedAt()), trace);
    }

    private static Uni<Mutiny.Session> session() {
        return Panache.getSession();
    }
}
