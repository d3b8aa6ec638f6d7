package io.acu.rollout.domain;

import io.acu.contracts.RingState;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The rollout of one package version through its plan's rings: the state machine behind automatic ring starts,
 * gates, halts and the operator's promote, pause, resume and revoke. Mutable and not thread-safe: the persistence
 * adapter loads it under a row lock, applies one step, stores it and publishes the returned {@link Transition}s.
 *
 * <p>Statuses ({@link RolloutStatus}): {@code WAITING_FOR_CONTENT} until the version is on the distribution points;
 * {@code RUNNING} while rings start and pass; {@code HALTED} when a gate tripped and {@code PAUSED} when an operator
 * paused (no new offers in any ring, clients already offered keep their offer but get no download grant);
 * {@code REVOKED} (offers stop, the policy offers the previous version) and {@code COMPLETED} (every ring passed or
 * was promoted).
 * A ring with no possible member (an empty pilot, 0 %) passes as soon as it starts.
 */
public final class Rollout {

    /** The actor of automatic transitions. */
    public static final String AUTOMATIC = "rollout";

    private final String packageId;
    private final int packageVersion;
    private final RolloutPlan plan;
    private RolloutStatus status;
    private final List<RingProgress> rings;
    private String reason;

    /**
     * @param packageId e.g. {@code CAS00006}
     * @param packageVersion e.g. 5
     * @param plan the validated plan this rollout follows (a snapshot: later plan changes apply to later versions)
     * @param status the stored status
     * @param rings one progress per plan ring, in order
     * @param reason the last halt's, pause's or revocation's reason; null when none
     * @throws IllegalArgumentException when {@code rings} does not match the plan
     */
    public Rollout(String packageId, int packageVersion, RolloutPlan plan, RolloutStatus status, List<RingProgress> rings, String reason) {
        this.packageId = Objects.requireNonNull(packageId, "packageId");
        this.packageVersion = packageVersion;
        this.plan = Objects.requireNonNull(plan, "plan");
        this.status = Objects.requireNonNull(status, "status");
        if (rings.size() != plan.rings().size()) {
            throw new IllegalArgumentException(rings.size() + " ring states for a plan of " + plan.rings().size() + " rings");
        }
        this.rings = new ArrayList<>(rings);
        this.reason = reason;
    }

    /** A new rollout of a version: waiting for its content, every ring pending. */
    public static Rollout start(String packageId, int packageVersion, RolloutPlan plan) {
        return new Rollout(packageId, packageVersion, plan, RolloutStatus.WAITING_FOR_CONTENT,
                plan.rings().stream().map(r -> RingProgress.PENDING).toList(), null);
    }

    /**
     * A package's baseline version (its first, what the fleet was installed from): completed, every ring passed,
     * offered to everyone.
     */
    public static Rollout baseline(String packageId, int packageVersion, RolloutPlan plan, Instant at) {
        return new Rollout(packageId, packageVersion, plan, RolloutStatus.COMPLETED,
                plan.rings().stream().map(r -> new RingProgress(RingState.PASSED, at, at, 0)).toList(), "the package's first version");
    }

    /**
     * The automatic step: starts the first ring once the content is on the distribution points, applies the active
     * ring's gate (halt, pass, or wait for a promote), starts the next ring or completes.
     *
     * @param contentReady whether the version is INSTALLED on every distribution point that reported it
     * @param counts each ring's figures by index (missing = none offered); failures already exclude the ring's
     *     ignored error codes
     * @param now the evaluation time
     * @return what changed, in order; empty when nothing did
     */
    public List<Transition> advance(boolean contentReady, Map<Integer, RingCounts> counts, Instant now) {
        List<Transition> changes = new ArrayList<>();
        if (status == RolloutStatus.WAITING_FOR_CONTENT) {
            if (!contentReady) {
                return changes;
            }
            status = RolloutStatus.RUNNING;
            startRing(0, "content is INSTALLED on every distribution point", now, changes);
        }
        if (status != RolloutStatus.RUNNING) {
            return changes;
        }
        for (int i = 0; i < rings.size() && status == RolloutStatus.RUNNING; i++) {
            RingProgress ring = rings.get(i);
            if (ring.state() != RingState.ACTIVE && ring.state() != RingState.AWAITING_PROMOTION) {
                continue;
            }
            GateDecision decision = Gate.evaluate(plan.rings().get(i).gate(), counts.getOrDefault(i, RingCounts.NONE),
                    ring.acknowledgedFailures(), now);
            if (decision instanceof GateDecision.Halt halt) {
                rings.set(i, new RingProgress(RingState.HALTED, ring.startedAt(), null, ring.acknowledgedFailures()));
                status = RolloutStatus.HALTED;
                reason = "ring " + name(i) + ": " + halt.reason();
                changes.add(new Transition(RolloutChange.HALTED, name(i), reason, AUTOMATIC));
            } else if (decision instanceof GateDecision.Pass pass && ring.state() == RingState.ACTIVE) {
                if (plan.rings().get(i).manualPromote()) {
                    rings.set(i, new RingProgress(RingState.AWAITING_PROMOTION, ring.startedAt(), null, ring.acknowledgedFailures()));
                    changes.add(new Transition(RolloutChange.AWAITING_PROMOTION, name(i), pass.reason() + "; waiting for an operator's promote",
                            AUTOMATIC));
                } else {
                    passRing(i, RolloutChange.RING_PASSED, pass.reason(), AUTOMATIC, now, changes);
                }
            }
        }
        if (status == RolloutStatus.RUNNING) {
            startNextIfDue(contentReady, now, changes);
        }
        return changes;
    }

    /**
     * An operator passes the current ring on, as ConfigMgr's "promote pre-production client", and the next starts. A
     * ring awaiting promotion (its gate passed) becomes {@link RingState#PASSED}; an active ring whose gate had not
     * passed becomes {@link RingState#PROMOTED}, so the record never says a gate passed that did not. Either way the
     * transition is {@link RolloutChange#PROMOTED} with the operator as actor.
     *
     * @param contentReady whether the content is on the distribution points (the next ring starts only then)
     * @throws RolloutConflictException when halted or paused (resume first), revoked, completed, still waiting for
     *     content, or no ring is active
     */
    public List<Transition> promote(String actor, String note, boolean contentReady, Instant now) {
        switch (status) {
            case HALTED -> throw new RolloutConflictException("the rollout of " + this + " is halted (" + reason + "): resume it before promoting");
            case PAUSED -> throw new RolloutConflictException("the rollout of " + this + " is paused: resume it before promoting");
            case REVOKED -> throw new RolloutConflictException(this + " is revoked");
            case COMPLETED -> throw new RolloutConflictException("the rollout of " + this + " is completed: every ring passed");
            case WAITING_FOR_CONTENT -> throw new RolloutConflictException("the rollout of " + this
                    + " is waiting for its content on the distribution points: no ring has started");
            case RUNNING -> {
            }
        }
        int ring = indexIn(RingState.AWAITING_PROMOTION);
        if (ring < 0) {
            ring = indexIn(RingState.ACTIVE);
        }
        if (ring < 0) {
            throw new RolloutConflictException("no ring of " + this + " is active: the next ring waits for its content");
        }
        boolean forced = rings.get(ring).state() == RingState.ACTIVE;
        String why = note != null && !note.isBlank() ? note : "promoted by " + actor + (forced ? " before its gate passed" : "");
        List<Transition> changes = new ArrayList<>();
        endRing(ring, forced ? RingState.PROMOTED : RingState.PASSED, RolloutChange.PROMOTED, why, actor, now, changes);
        startNextIfDue(contentReady, now, changes);
        return changes;
    }

    /**
     * An operator stops new offers in every ring (clients already offered get no download grant meanwhile).
     *
     * @throws RolloutConflictException unless running or waiting for content
     */
    public List<Transition> pause(String actor, String note) {
        if (status != RolloutStatus.RUNNING && status != RolloutStatus.WAITING_FOR_CONTENT) {
            throw new RolloutConflictException("the rollout of " + this + " is " + status + ": only a running rollout can be paused");
        }
        status = RolloutStatus.PAUSED;
        reason = note == null || note.isBlank() ? "paused by " + actor : note;
        return List.of(new Transition(RolloutChange.PAUSED, null, reason, actor));
    }

    /**
     * An operator resumes a halted or paused rollout. A halted ring becomes active again and its failures so far are
     * accepted: it halts again only on a new failure over the threshold.
     *
     * @param counts each ring's figures now, to record the accepted failures
     * @throws RolloutConflictException unless halted or paused
     */
    public List<Transition> resume(String actor, String note, Map<Integer, RingCounts> counts) {
        if (status != RolloutStatus.HALTED && status != RolloutStatus.PAUSED) {
            throw new RolloutConflictException("the rollout of " + this + " is " + status + ": only a halted or paused rollout can be resumed");
        }
        String ringName = null;
        for (int i = 0; i < rings.size(); i++) {
            RingProgress ring = rings.get(i);
            if (ring.state() == RingState.HALTED) {
                RingCounts now = counts.getOrDefault(i, RingCounts.NONE);
                long failures = now.failed() + (plan.rings().get(i).gate().stalledCountAsFailure() ? now.stalled() : 0);
                rings.set(i, new RingProgress(RingState.ACTIVE, ring.startedAt(), null, failures));
                ringName = name(i);
            }
        }
        boolean started = rings.stream().anyMatch(r -> r.state() != RingState.PENDING);
        status = started ? RolloutStatus.RUNNING : RolloutStatus.WAITING_FOR_CONTENT;
        reason = null;
        return List.of(new Transition(RolloutChange.RESUMED, ringName, note == null || note.isBlank() ? "resumed by " + actor : note, actor));
    }

    /**
     * An operator withdraws the version: no client is offered it any more, the policy offers the previous version.
     *
     * <p>Ring states afterwards: a ring that had not passed (pending, active or awaiting promotion) becomes
     * {@link RingState#REVOKED}, since it will never start or pass; a {@code PASSED} or {@code PROMOTED} ring keeps its
     * state (true of its past: its clients got the version, and are counted apart as on the revoked version); a
     * {@code HALTED} ring stays halted, showing where the rollout stopped. The ring's times are kept.
     *
     * @throws RolloutConflictException when already revoked
     */
    public List<Transition> revoke(String actor, String note) {
        if (status == RolloutStatus.REVOKED) {
            throw new RolloutConflictException(this + " is already revoked");
        }
        for (int i = 0; i < rings.size(); i++) {
            RingProgress ring = rings.get(i);
            if (ring.state() == RingState.PENDING || ring.state() == RingState.ACTIVE || ring.state() == RingState.AWAITING_PROMOTION) {
                rings.set(i, new RingProgress(RingState.REVOKED, ring.startedAt(), null, ring.acknowledgedFailures()));
            }
        }
        status = RolloutStatus.REVOKED;
        reason = note == null || note.isBlank() ? "revoked by " + actor : note;
        return List.of(new Transition(RolloutChange.REVOKED, null, reason, actor));
    }

    /**
     * Whether a client of ring {@code ringIndex} is offered this version now: the rollout runs or completed and the
     * ring is active, awaiting promotion or passed.
     */
    public boolean offersTo(int ringIndex) {
        return (status == RolloutStatus.RUNNING || status == RolloutStatus.COMPLETED) && rings.get(ringIndex).offers();
    }

    /** @return whether download grants may be given for this version: running or completed */
    public boolean grantsDownloads() {
        return status == RolloutStatus.RUNNING || status == RolloutStatus.COMPLETED;
    }

    private void passRing(int i, RolloutChange change, String why, String actor, Instant now, List<Transition> changes) {
        endRing(i, RingState.PASSED, change, why, actor, now, changes);
    }

    /** Ends ring {@code i} as PASSED or PROMOTED: the next ring may start. */
    private void endRing(int i, RingState state, RolloutChange change, String why, String actor, Instant now, List<Transition> changes) {
        RingProgress ring = rings.get(i);
        rings.set(i, new RingProgress(state, ring.startedAt(), now, ring.acknowledgedFailures()));
        changes.add(new Transition(change, name(i), why, actor));
    }

    /** Starts the ring after the last passed one when the content is ready; completes when every ring passed. */
    private void startNextIfDue(boolean contentReady, Instant now, List<Transition> changes) {
        while (status == RolloutStatus.RUNNING) {
            if (rings.stream().allMatch(RingProgress::done)) {
                status = RolloutStatus.COMPLETED;
                long promoted = rings.stream().filter(r -> r.state() == RingState.PROMOTED).count();
                changes.add(new Transition(RolloutChange.COMPLETED, null, promoted == 0 ? "every ring passed"
                        : "every ring passed or was promoted (" + promoted + " promoted before its gate passed)", AUTOMATIC));
                return;
            }
            if (rings.stream().anyMatch(r -> r.state() == RingState.ACTIVE || r.state() == RingState.AWAITING_PROMOTION)) {
                return;
            }
            int next = indexIn(RingState.PENDING);
            if (next < 0 || !contentReady) {
                return;
            }
            startRing(next, next == 0 ? "content is INSTALLED on every distribution point"
                    : "ring " + name(next - 1) + (rings.get(next - 1).state() == RingState.PROMOTED ? " was promoted" : " passed"), now, changes);
        }
    }

    private void startRing(int i, String why, Instant now, List<Transition> changes) {
        rings.set(i, new RingProgress(RingState.ACTIVE, now, null, 0));
        changes.add(new Transition(RolloutChange.RING_STARTED, name(i), why, AUTOMATIC));
        if (plan.rings().get(i).isEmpty()) {
            passRing(i, RolloutChange.RING_PASSED, "the ring has no members", AUTOMATIC, now, changes);
        }
    }

    private int indexIn(RingState state) {
        for (int i = 0; i < rings.size(); i++) {
            if (rings.get(i).state() == state) {
                return i;
            }
        }
        return -1;
    }

    private String name(int i) {
        return plan.rings().get(i).name();
    }

    /** @return e.g. {@code CAS00006 v5} */
    @Override
    public String toString() {
        return packageId + " v" + packageVersion;
    }

    /** @return the package ID, e.g. {@code CAS00006} */
    public String packageId() {
        return packageId;
    }

    /** @return the package version rolled out */
    public int packageVersion() {
        return packageVersion;
    }

    /** @return the plan snapshot it follows */
    public RolloutPlan plan() {
        return plan;
    }

    /** @return the status now */
    public RolloutStatus status() {
        return status;
    }

    /** @return each ring's progress, in plan order (unmodifiable) */
    public List<RingProgress> rings() {
        return List.copyOf(rings);
    }

    /** @return the last halt's, pause's or revocation's reason; null when running normally */
    public String reason() {
        return reason;
    }
}
