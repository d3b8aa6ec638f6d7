package io.acu.rollout.domain;

import static io.acu.rollout.domain.RolloutPlanTest.percent;
import static io.acu.rollout.domain.RolloutPlanTest.rest;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.acu.contracts.RingState;
import io.acu.contracts.RolloutChange;
import io.acu.contracts.RolloutStatus;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every transition of a rollout's state machine, with the transitions it publishes. */
class RolloutTest {

    private static final String PACKAGE = "CAS00006";
    private static final String PILOT_CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    private static final String AUTO = Rollout.AUTOMATIC;
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final Instant T1 = T0.plus(Duration.ofHours(1));
    private static final Instant T2 = T0.plus(Duration.ofHours(2));

    private static final String CONTENT_READY = "content is INSTALLED on every distribution point";
    /** 10 offered, 10 succeeded: the default gate passes. */
    private static final RingCounts PASSING = new RingCounts(10, 10, 0, 0, T0);
    private static final String PASSED_REASON = "10 of 10 offered clients succeeded (100.0 %), 0 of 10 reported failed (0.0 %)";
    /** 10 offered, 4 succeeded, 6 failed: the default gate halts. */
    private static final RingCounts FAILING = new RingCounts(10, 4, 6, 0, T0);
    private static final String HALT_REASON = "ring pilot: 6 of 10 reported clients failed (60.0 %, threshold 10.0 %)";
    /** 10 offered, 2 succeeded: the default gate waits. */
    private static final RingCounts WAITING = new RingCounts(10, 2, 0, 0, T0);

    private static Ring pilot(boolean manualPromote) {
        return new Ring("pilot", List.of(PILOT_CLIENT), List.of(), null, false, GateCriteria.DEFAULT, manualPromote);
    }

    /** pilot (one client) → early 10 % → broad. */
    private static RolloutPlan plan() {
        return new RolloutPlan(List.of(pilot(false), percent("early", 10), rest("broad"))).validated();
    }

    private static RolloutPlan manualPlan() {
        return new RolloutPlan(List.of(pilot(true), percent("early", 10), rest("broad"))).validated();
    }

    private static Rollout waiting() {
        return Rollout.start(PACKAGE, 5, plan());
    }

    /** Running, the pilot active. */
    private static Rollout running() {
        Rollout rollout = waiting();
        rollout.advance(true, Map.of(), T0);
        return rollout;
    }

    private static Rollout halted() {
        Rollout rollout = running();
        rollout.advance(true, Map.of(0, FAILING), T1);
        return rollout;
    }

    private static Rollout paused() {
        Rollout rollout = running();
        rollout.pause("alice", null);
        return rollout;
    }

    private static Rollout completed() {
        Rollout rollout = running();
        rollout.advance(true, Map.of(0, PASSING), T1);
        rollout.advance(true, Map.of(1, PASSING), T1);
        rollout.advance(true, Map.of(2, PASSING), T1);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.COMPLETED);
        return rollout;
    }

    private static Rollout revoked() {
        Rollout rollout = running();
        rollout.revoke("alice", null);
        return rollout;
    }

    private static List<RingState> states(Rollout rollout) {
        return rollout.rings().stream().map(RingProgress::state).toList();
    }

    private static List<Boolean> offers(Rollout rollout) {
        return List.of(rollout.offersTo(0), rollout.offersTo(1), rollout.offersTo(2));
    }

    @Test
    void aNewRolloutWaitsForItsContentWithEveryRingPending() {
        Rollout rollout = waiting();

        assertThat(rollout.status()).isEqualTo(RolloutStatus.WAITING_FOR_CONTENT);
        assertThat(rollout.rings()).containsOnly(RingProgress.PENDING).hasSize(3);
        assertThat(rollout.reason()).isNull();
        assertThat(rollout.toString()).isEqualTo("CAS00006 v5");
        assertThat(offers(rollout)).containsOnly(false);
        assertThat(rollout.grantsDownloads()).isFalse();
    }

    @Test
    void withoutContentItKeepsWaitingWhateverTheCounts() {
        Rollout rollout = waiting();

        assertThat(rollout.advance(false, Map.of(0, FAILING), T0)).isEmpty();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.WAITING_FOR_CONTENT);
        assertThat(states(rollout)).containsOnly(RingState.PENDING);
    }

    @Test
    void withContentTheFirstRingStarts() {
        Rollout rollout = waiting();

        assertThat(rollout.advance(true, Map.of(), T0))
                .containsExactly(new Transition(RolloutChange.RING_STARTED, "pilot", CONTENT_READY, AUTO));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(rollout.rings().get(0)).isEqualTo(new RingProgress(RingState.ACTIVE, T0, null, 0));
        assertThat(states(rollout)).containsExactly(RingState.ACTIVE, RingState.PENDING, RingState.PENDING);
        assertThat(offers(rollout)).containsExactly(true, false, false);
        assertThat(rollout.grantsDownloads()).isTrue();
    }

    @Test
    void theFirstRingsGateIsAppliedInTheStepThatStartsIt() {
        Rollout rollout = waiting();

        assertThat(rollout.advance(true, Map.of(0, PASSING), T0)).containsExactly(
                new Transition(RolloutChange.RING_STARTED, "pilot", CONTENT_READY, AUTO),
                new Transition(RolloutChange.RING_PASSED, "pilot", PASSED_REASON, AUTO),
                new Transition(RolloutChange.RING_STARTED, "early", "ring pilot passed", AUTO));
    }

    @Test
    void anEmptyPilotIsSkippedAndEarlyStarts() {
        Rollout rollout = Rollout.start(PACKAGE, 5, RolloutPlan.defaultPlan().validated());

        assertThat(rollout.advance(true, Map.of(), T0)).containsExactly(
                new Transition(RolloutChange.RING_STARTED, "pilot", CONTENT_READY, AUTO),
                new Transition(RolloutChange.RING_PASSED, "pilot", "the ring has no members", AUTO),
                new Transition(RolloutChange.RING_STARTED, "early", "ring pilot passed", AUTO));
        assertThat(rollout.rings()).containsExactly(new RingProgress(RingState.PASSED, T0, T0, 0),
                new RingProgress(RingState.ACTIVE, T0, null, 0), RingProgress.PENDING);
        assertThat(offers(rollout)).containsExactly(true, true, false);
    }

    @Test
    void aZeroPercentRingInTheMiddlePassesAsSoonAsItStarts() {
        Rollout rollout = Rollout.start(PACKAGE, 5, new RolloutPlan(List.of(pilot(false), percent("none", 0), rest("broad"))).validated());
        rollout.advance(true, Map.of(), T0);

        assertThat(rollout.advance(true, Map.of(0, PASSING), T1)).containsExactly(
                new Transition(RolloutChange.RING_PASSED, "pilot", PASSED_REASON, AUTO),
                new Transition(RolloutChange.RING_STARTED, "none", "ring pilot passed", AUTO),
                new Transition(RolloutChange.RING_PASSED, "none", "the ring has no members", AUTO),
                new Transition(RolloutChange.RING_STARTED, "broad", "ring none passed", AUTO));
        assertThat(states(rollout)).containsExactly(RingState.PASSED, RingState.PASSED, RingState.ACTIVE);
    }

    @Test
    void anActiveRingWhoseGateWaitsStaysActive() {
        Rollout rollout = running();

        assertThat(rollout.advance(true, Map.of(0, WAITING), T1)).isEmpty();
        assertThat(rollout.advance(true, Map.of(), T1)).isEmpty();
        assertThat(states(rollout)).containsExactly(RingState.ACTIVE, RingState.PENDING, RingState.PENDING);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void aPassingGatePassesTheRingAndStartsTheNext() {
        Rollout rollout = running();

        assertThat(rollout.advance(true, Map.of(0, PASSING), T1)).containsExactly(
                new Transition(RolloutChange.RING_PASSED, "pilot", PASSED_REASON, AUTO),
                new Transition(RolloutChange.RING_STARTED, "early", "ring pilot passed", AUTO));
        assertThat(rollout.rings()).containsExactly(new RingProgress(RingState.PASSED, T0, T1, 0),
                new RingProgress(RingState.ACTIVE, T1, null, 0), RingProgress.PENDING);
        assertThat(offers(rollout)).containsExactly(true, true, false);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
    }

    @Test
    void theLastRingPassingCompletesTheRollout() {
        Rollout rollout = running();
        rollout.advance(true, Map.of(0, PASSING), T1);
        rollout.advance(true, Map.of(1, PASSING), T1);

        assertThat(rollout.advance(true, Map.of(2, PASSING), T2)).containsExactly(
                new Transition(RolloutChange.RING_PASSED, "broad", PASSED_REASON, AUTO),
                new Transition(RolloutChange.COMPLETED, null, "every ring passed", AUTO));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(states(rollout)).containsOnly(RingState.PASSED);
        assertThat(offers(rollout)).containsOnly(true);
        assertThat(rollout.grantsDownloads()).isTrue();
        assertThat(rollout.advance(true, Map.of(2, FAILING), T2)).isEmpty();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.COMPLETED);
    }

    @Test
    void theNextRingDoesNotStartWhileTheContentIsNotReady() {
        Rollout rollout = running();

        assertThat(rollout.advance(false, Map.of(0, PASSING), T1))
                .containsExactly(new Transition(RolloutChange.RING_PASSED, "pilot", PASSED_REASON, AUTO));
        assertThat(states(rollout)).containsExactly(RingState.PASSED, RingState.PENDING, RingState.PENDING);
        assertThat(offers(rollout)).containsExactly(true, false, false);
        assertThat(rollout.advance(false, Map.of(0, PASSING), T1)).isEmpty();

        assertThat(rollout.advance(true, Map.of(), T2))
                .containsExactly(new Transition(RolloutChange.RING_STARTED, "early", "ring pilot passed", AUTO));
        assertThat(rollout.rings().get(1)).isEqualTo(new RingProgress(RingState.ACTIVE, T2, null, 0));
    }

    @Test
    void aManualPromoteRingWaitsForTheOperatorAfterItsGatePasses() {
        Rollout rollout = Rollout.start(PACKAGE, 5, manualPlan());
        rollout.advance(true, Map.of(), T0);

        assertThat(rollout.advance(true, Map.of(0, PASSING), T1)).containsExactly(new Transition(RolloutChange.AWAITING_PROMOTION, "pilot",
                PASSED_REASON + "; waiting for an operator's promote", AUTO));
        assertThat(states(rollout)).containsExactly(RingState.AWAITING_PROMOTION, RingState.PENDING, RingState.PENDING);
        assertThat(offers(rollout)).containsExactly(true, false, false);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(rollout.advance(true, Map.of(0, PASSING), T2)).as("no second AWAITING_PROMOTION").isEmpty();

        assertThat(rollout.promote("alice", null, true, T2)).containsExactly(
                new Transition(RolloutChange.PROMOTED, "pilot", "promoted by alice", "alice"),
                new Transition(RolloutChange.RING_STARTED, "early", "ring pilot passed", AUTO));
        assertThat(rollout.rings()).containsExactly(new RingProgress(RingState.PASSED, T0, T2, 0),
                new RingProgress(RingState.ACTIVE, T2, null, 0), RingProgress.PENDING);
    }

    @Test
    void aRingAwaitingPromotionStillHaltsOnFailures() {
        Rollout rollout = Rollout.start(PACKAGE, 5, manualPlan());
        rollout.advance(true, Map.of(0, PASSING), T0);

        assertThat(rollout.advance(true, Map.of(0, FAILING), T1))
                .containsExactly(new Transition(RolloutChange.HALTED, "pilot", HALT_REASON, AUTO));
        assertThat(states(rollout)).containsExactly(RingState.HALTED, RingState.PENDING, RingState.PENDING);
    }

    @Test
    void anOperatorMayPromoteAnActiveRingBeforeItsGatePassesWithANote() {
        Rollout rollout = running();

        assertThat(rollout.promote("alice", "pilot looks fine", true, T1)).containsExactly(
                new Transition(RolloutChange.PROMOTED, "pilot", "pilot looks fine", "alice"),
                new Transition(RolloutChange.RING_STARTED, "early", "ring pilot was promoted", AUTO));
        // Recorded as promoted, not passed: no gate vouched for the pilot.
        assertThat(rollout.rings()).containsExactly(new RingProgress(RingState.PROMOTED, T0, T1, 0),
                new RingProgress(RingState.ACTIVE, T1, null, 0), RingProgress.PENDING);
        assertThat(offers(rollout)).containsExactly(true, true, false);
    }

    @Test
    void promotingWithoutContentPassesTheRingButStartsNothing() {
        Rollout rollout = running();

        assertThat(rollout.promote("alice", " ", false, T1))
                .containsExactly(new Transition(RolloutChange.PROMOTED, "pilot", "promoted by alice before its gate passed", "alice"));
        assertThat(states(rollout)).containsExactly(RingState.PROMOTED, RingState.PENDING, RingState.PENDING);
        assertThatThrownBy(() -> rollout.promote("alice", null, false, T1)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("no ring of CAS00006 v5 is active: the next ring waits for its content");
    }

    @Test
    void promotingTheLastRingCompletesTheRollout() {
        Rollout rollout = running();
        rollout.promote("alice", null, true, T1);
        rollout.promote("alice", null, true, T1);

        assertThat(rollout.promote("alice", null, true, T2)).containsExactly(
                new Transition(RolloutChange.PROMOTED, "broad", "promoted by alice before its gate passed", "alice"),
                new Transition(RolloutChange.COMPLETED, null, "every ring passed or was promoted (3 promoted before its gate passed)", AUTO));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(states(rollout)).containsOnly(RingState.PROMOTED);
    }

    @Test
    void failuresOverTheThresholdHaltTheRolloutNamingTheRingAndTheFigures() {
        Rollout rollout = running();

        assertThat(rollout.advance(true, Map.of(0, FAILING), T1))
                .containsExactly(new Transition(RolloutChange.HALTED, "pilot", HALT_REASON, AUTO));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(rollout.reason()).isEqualTo(HALT_REASON);
        assertThat(rollout.rings().get(0)).isEqualTo(new RingProgress(RingState.HALTED, T0, null, 0));
        assertThat(offers(rollout)).containsOnly(false);
        assertThat(rollout.grantsDownloads()).isFalse();
        assertThat(rollout.advance(true, Map.of(0, PASSING), T2)).as("a halted rollout does not advance").isEmpty();
    }

    @Test
    void aHaltInALaterRingStopsOffersInEveryRing() {
        Rollout rollout = running();
        rollout.advance(true, Map.of(0, PASSING), T1);

        assertThat(rollout.advance(true, Map.of(0, PASSING, 1, FAILING), T2)).containsExactly(new Transition(RolloutChange.HALTED, "early",
                "ring early: 6 of 10 reported clients failed (60.0 %, threshold 10.0 %)", AUTO));
        assertThat(states(rollout)).containsExactly(RingState.PASSED, RingState.HALTED, RingState.PENDING);
        assertThat(offers(rollout)).containsOnly(false);
    }

    @Test
    void promoteIsAConflictUnlessRunning() {
        assertThatThrownBy(() -> halted().promote("alice", null, true, T2)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("the rollout of CAS00006 v5 is halted (" + HALT_REASON + "): resume it before promoting");
        assertThatThrownBy(() -> paused().promote("alice", null, true, T2)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("the rollout of CAS00006 v5 is paused: resume it before promoting");
        assertThatThrownBy(() -> revoked().promote("alice", null, true, T2)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("CAS00006 v5 is revoked");
        assertThatThrownBy(() -> completed().promote("alice", null, true, T2)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("the rollout of CAS00006 v5 is completed: every ring passed");
        assertThatThrownBy(() -> waiting().promote("alice", null, true, T2)).isInstanceOf(RolloutConflictException.class)
                .hasMessageContaining("is waiting for its content on the distribution points: no ring has started");
    }

    @Test
    void pauseStopsOffersAndGrantsUntilResume() {
        Rollout rollout = running();

        assertThat(rollout.pause("alice", null)).containsExactly(new Transition(RolloutChange.PAUSED, null, "paused by alice", "alice"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PAUSED);
        assertThat(rollout.reason()).isEqualTo("paused by alice");
        assertThat(offers(rollout)).containsOnly(false);
        assertThat(rollout.grantsDownloads()).isFalse();
        assertThat(rollout.advance(true, Map.of(0, FAILING), T1)).as("a paused rollout does not advance").isEmpty();
        assertThat(states(rollout)).containsExactly(RingState.ACTIVE, RingState.PENDING, RingState.PENDING);

        assertThat(rollout.resume("bob", null, Map.of())).containsExactly(new Transition(RolloutChange.RESUMED, null, "resumed by bob", "bob"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(rollout.reason()).isNull();
        assertThat(rollout.rings().get(0)).isEqualTo(new RingProgress(RingState.ACTIVE, T0, null, 0));
        assertThat(offers(rollout)).containsExactly(true, false, false);
    }

    @Test
    void aRolloutPausedBeforeItsContentArrivedResumesWaitingForIt() {
        Rollout rollout = waiting();

        assertThat(rollout.pause("alice", "change freeze"))
                .containsExactly(new Transition(RolloutChange.PAUSED, null, "change freeze", "alice"));
        assertThat(rollout.advance(true, Map.of(), T0)).isEmpty();
        assertThat(rollout.status()).isEqualTo(RolloutStatus.PAUSED);

        assertThat(rollout.resume("alice", "freeze over", Map.of()))
                .containsExactly(new Transition(RolloutChange.RESUMED, null, "freeze over", "alice"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.WAITING_FOR_CONTENT);
        assertThat(rollout.advance(true, Map.of(), T1))
                .containsExactly(new Transition(RolloutChange.RING_STARTED, "pilot", CONTENT_READY, AUTO));
    }

    @Test
    void pauseIsAConflictUnlessRunningOrWaitingForContent() {
        assertThatThrownBy(() -> paused().pause("alice", null)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("the rollout of CAS00006 v5 is PAUSED: only a running rollout can be paused");
        assertThatThrownBy(() -> halted().pause("alice", null)).isInstanceOf(RolloutConflictException.class).hasMessageContaining("is HALTED");
        assertThatThrownBy(() -> completed().pause("alice", null)).isInstanceOf(RolloutConflictException.class)
                .hasMessageContaining("is COMPLETED");
        assertThatThrownBy(() -> revoked().pause("alice", null)).isInstanceOf(RolloutConflictException.class).hasMessageContaining("is REVOKED");
    }

    @Test
    void resumingAHaltedRolloutReactivatesTheRingAndAcceptsItsFailures() {
        Rollout rollout = halted();

        assertThat(rollout.resume("alice", "known driver issue", Map.of(0, FAILING)))
                .containsExactly(new Transition(RolloutChange.RESUMED, "pilot", "known driver issue", "alice"));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.RUNNING);
        assertThat(rollout.reason()).isNull();
        assertThat(rollout.rings().get(0)).isEqualTo(new RingProgress(RingState.ACTIVE, T0, null, 6));
        assertThat(offers(rollout)).containsExactly(true, false, false);

        assertThat(rollout.advance(true, Map.of(0, FAILING), T2)).as("the same failures do not halt again").isEmpty();
        assertThat(rollout.advance(true, Map.of(0, new RingCounts(12, 6, 6, 0, T0)), T2)).as("successes alone do not halt").isEmpty();

        assertThat(rollout.advance(true, Map.of(0, new RingCounts(13, 6, 7, 0, T0)), T2)).containsExactly(new Transition(RolloutChange.HALTED,
                "pilot", "ring pilot: 7 of 13 reported clients failed (53.8 %, threshold 10.0 %)", AUTO));
        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);
        assertThat(rollout.rings().get(0)).isEqualTo(new RingProgress(RingState.HALTED, T0, null, 6));
    }

    @Test
    void resumingAcceptsStallsWhenTheGateCountsThem() {
        Rollout rollout = running();
        RingCounts stalls = new RingCounts(10, 4, 4, 2, T0);
        rollout.advance(true, Map.of(0, stalls), T1);
        assertThat(rollout.status()).isEqualTo(RolloutStatus.HALTED);

        rollout.resume("alice", null, Map.of(0, stalls));

        assertThat(rollout.rings().get(0).acknowledgedFailures()).isEqualTo(6);
        assertThat(rollout.advance(true, Map.of(0, stalls), T2)).isEmpty();
    }

    @Test
    void aResumedRingWhoseSuccessesReachTheGatePasses() {
        Rollout rollout = halted();
        rollout.resume("alice", null, Map.of(0, FAILING));

        RingCounts recovered = new RingCounts(60, 54, 6, 0, T0);
        assertThat(rollout.advance(true, Map.of(0, recovered), T2)).containsExactly(
                new Transition(RolloutChange.RING_PASSED, "pilot", "54 of 60 offered clients succeeded (90.0 %), 6 of 60 reported failed (10.0 %)",
                        AUTO),
                new Transition(RolloutChange.RING_STARTED, "early", "ring pilot passed", AUTO));
    }

    @Test
    void resumeIsAConflictUnlessHaltedOrPaused() {
        assertThatThrownBy(() -> running().resume("alice", null, Map.of())).isInstanceOf(RolloutConflictException.class)
                .hasMessage("the rollout of CAS00006 v5 is RUNNING: only a halted or paused rollout can be resumed");
        assertThatThrownBy(() -> waiting().resume("alice", null, Map.of())).isInstanceOf(RolloutConflictException.class);
        assertThatThrownBy(() -> completed().resume("alice", null, Map.of())).isInstanceOf(RolloutConflictException.class);
        assertThatThrownBy(() -> revoked().resume("alice", null, Map.of())).isInstanceOf(RolloutConflictException.class)
                .hasMessageContaining("is REVOKED");
    }

    @Test
    void revokeWorksFromEveryStatusAndStopsOffersAndGrants() {
        for (Rollout rollout : List.of(waiting(), running(), halted(), paused(), completed(),
                Rollout.baseline(PACKAGE, 1, plan(), T0))) {
            RolloutStatus before = rollout.status();

            assertThat(rollout.revoke("alice", null)).as("revoke from " + before)
                    .containsExactly(new Transition(RolloutChange.REVOKED, null, "revoked by alice", "alice"));
            assertThat(rollout.status()).isEqualTo(RolloutStatus.REVOKED);
            assertThat(rollout.reason()).isEqualTo("revoked by alice");
            assertThat(offers(rollout)).as("offers after revoke from " + before).containsOnly(false);
            assertThat(rollout.grantsDownloads()).isFalse();
            assertThat(rollout.advance(true, Map.of(0, PASSING, 1, PASSING, 2, PASSING), T2)).isEmpty();
        }
    }

    @Test
    void revokeEndsTheRingsThatHadNotPassedAndKeepsWhatHappenedToTheOthers() {
        // Mid-run: pilot passed, early active, broad pending.
        Rollout midRun = running();
        midRun.advance(true, Map.of(0, PASSING), T1);
        midRun.revoke("alice", null);
        assertThat(midRun.rings()).containsExactly(new RingProgress(RingState.PASSED, T0, T1, 0),
                new RingProgress(RingState.REVOKED, T1, null, 0), new RingProgress(RingState.REVOKED, null, null, 0));

        // Halted in the pilot: the pilot shows where it stopped, the others never start.
        Rollout halted = halted();
        halted.revoke("alice", null);
        assertThat(states(halted)).containsExactly(RingState.HALTED, RingState.REVOKED, RingState.REVOKED);

        // Completed, then revoked: every ring passed, and says so.
        Rollout completed = completed();
        completed.revoke("alice", null);
        assertThat(states(completed)).containsOnly(RingState.PASSED);

        // A promoted ring stays promoted; one awaiting promotion is revoked.
        Rollout promoted = running();
        promoted.promote("alice", null, true, T1);
        promoted.revoke("alice", null);
        assertThat(states(promoted)).containsExactly(RingState.PROMOTED, RingState.REVOKED, RingState.REVOKED);
        Rollout awaiting = Rollout.start(PACKAGE, 5, manualPlan());
        awaiting.advance(true, Map.of(), T0);
        awaiting.advance(true, Map.of(0, PASSING), T1);
        assertThat(states(awaiting)).containsExactly(RingState.AWAITING_PROMOTION, RingState.PENDING, RingState.PENDING);
        awaiting.revoke("alice", null);
        assertThat(states(awaiting)).containsOnly(RingState.REVOKED);
    }

    @Test
    void revokingTwiceIsAConflict() {
        Rollout rollout = running();
        rollout.revoke("alice", "bad hotfix: 0x80070643 on 30 % of the pilot");
        assertThat(rollout.reason()).isEqualTo("bad hotfix: 0x80070643 on 30 % of the pilot");

        assertThatThrownBy(() -> rollout.revoke("bob", null)).isInstanceOf(RolloutConflictException.class)
                .hasMessage("CAS00006 v5 is already revoked");
        assertThat(rollout.reason()).isEqualTo("bad hotfix: 0x80070643 on 30 % of the pilot");
    }

    @Test
    void offersAndGrantsPerStatus() {
        assertThat(offers(waiting())).containsExactly(false, false, false);
        assertThat(offers(running())).containsExactly(true, false, false);
        assertThat(offers(halted())).containsExactly(false, false, false);
        assertThat(offers(paused())).containsExactly(false, false, false);
        assertThat(offers(revoked())).containsExactly(false, false, false);
        assertThat(offers(completed())).containsExactly(true, true, true);

        assertThat(waiting().grantsDownloads()).isFalse();
        assertThat(running().grantsDownloads()).isTrue();
        assertThat(halted().grantsDownloads()).isFalse();
        assertThat(paused().grantsDownloads()).isFalse();
        assertThat(revoked().grantsDownloads()).isFalse();
        assertThat(completed().grantsDownloads()).isTrue();
    }

    @Test
    void theBaselineIsCompletedAndOffersEveryRing() {
        Rollout baseline = Rollout.baseline(PACKAGE, 1, plan(), T0);

        assertThat(baseline.status()).isEqualTo(RolloutStatus.COMPLETED);
        assertThat(baseline.packageVersion()).isEqualTo(1);
        assertThat(baseline.rings()).containsOnly(new RingProgress(RingState.PASSED, T0, T0, 0)).hasSize(3);
        assertThat(baseline.reason()).isEqualTo("the package's first version");
        assertThat(offers(baseline)).containsOnly(true);
        assertThat(baseline.grantsDownloads()).isTrue();
        assertThat(baseline.advance(true, Map.of(0, FAILING), T1)).isEmpty();
    }

    @Test
    void ringProgressMustMatchThePlan() {
        assertThatThrownBy(() -> new Rollout(PACKAGE, 5, plan(), RolloutStatus.RUNNING, List.of(RingProgress.PENDING), null))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("1 ring states for a plan of 3 rings");
    }

    @Test
    void ringsAreACopy() {
        Rollout rollout = running();
        assertThatThrownBy(() -> rollout.rings().set(0, RingProgress.PENDING)).isInstanceOf(UnsupportedOperationException.class);
    }
}
