package io.acu.rollout.domain;

import static io.acu.rollout.domain.RolloutPlanTest.explicit;
import static io.acu.rollout.domain.RolloutPlanTest.percent;
import static io.acu.rollout.domain.RolloutPlanTest.rest;
import static org.assertj.core.api.Assertions.assertThat;

import io.acu.contracts.RolloutStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Which version one client is offered: the candidate in its ring's turn, else the baseline; nothing when excluded or off. */
class PolicyDecisionTest {

    private static final String PACKAGE = "CAS00006";
    private static final String PILOT_CLIENT = "GUID:5B1E0C3A-9F4D-4C61-8E2B-7A0D3C9E1F42";
    /** Hashed into the broad ring of {@link #plan()} for CAS00006 (checked by the first test). */
    private static final String BROAD_CLIENT = "GUID:0A1B2C3D-4E5F-4061-8E2B-7A0D3C9E1F42";
    private static final Instant T0 = Instant.parse("2026-03-02T08:00:00Z");
    private static final RingCounts FAILING = new RingCounts(10, 4, 6, 0, T0);

    /** pilot (one client, boundary group BG-PILOT) → early 10 % → broad. */
    private static RolloutPlan plan() {
        return new RolloutPlan(List.of(explicit("pilot", List.of(PILOT_CLIENT), List.of("BG-PILOT")), percent("early", 10), rest("broad")))
                .validated();
    }

    private static Rollout baseline(int version) {
        return Rollout.baseline(PACKAGE, version, plan(), T0);
    }

    /** Running with the pilot active. */
    private static Rollout running(int version) {
        Rollout rollout = Rollout.start(PACKAGE, version, plan());
        rollout.advance(true, Map.of(), T0);
        return rollout;
    }

    private static Rollout halted(int version) {
        Rollout rollout = running(version);
        rollout.advance(true, Map.of(0, FAILING), T0);
        return rollout;
    }

    private static Rollout revoked(Rollout rollout) {
        rollout.revoke("alice", null);
        return rollout;
    }

    private static PolicyDecision decide(List<Rollout> rollouts, String clientId, Set<Integer> offered) {
        return PolicyDecision.decide(rollouts, true, false, PACKAGE, clientId, null, offered);
    }

    @Test
    void theBroadClientIsInTheBroadRing() {
        assertThat(RingAssignment.ringOf(plan(), PACKAGE, BROAD_CLIENT, null)).contains(2);
    }

    @Test
    void anExcludedClientIsOfferedNoVersion() {
        PolicyDecision decision = PolicyDecision.decide(List.of(baseline(1), running(2)), true, true, PACKAGE, PILOT_CLIENT, null, Set.of(1));

        assertThat(decision).isEqualTo(new PolicyDecision(null, 2, null, false, RolloutStatus.RUNNING,
                "the client is excluded from automatic client upgrade"));
    }

    @Test
    void automaticUpgradeOffOffersNoVersion() {
        PolicyDecision decision = PolicyDecision.decide(List.of(baseline(1), running(2)), false, false, PACKAGE, PILOT_CLIENT, null, Set.of());

        assertThat(decision).isEqualTo(new PolicyDecision(null, 2, null, false, RolloutStatus.RUNNING, "automatic client upgrade is off"));
    }

    @Test
    void aClientInAnActiveRingIsNewlyOfferedTheCandidate() {
        assertThat(decide(List.of(baseline(1), running(2)), PILOT_CLIENT, Set.of(1)))
                .isEqualTo(new PolicyDecision(2, 2, "pilot", true, RolloutStatus.RUNNING, null));
    }

    @Test
    void aClientReportingThePilotsBoundaryGroupIsInThePilot() {
        PolicyDecision decision = PolicyDecision.decide(List.of(baseline(1), running(2)), true, false, PACKAGE, BROAD_CLIENT, "bg-pilot",
                Set.of());

        assertThat(decision).isEqualTo(new PolicyDecision(2, 2, "pilot", true, RolloutStatus.RUNNING, null));
    }

    @Test
    void aClientInAPendingRingIsOfferedTheBaselineWithTheReason() {
        PolicyDecision decision = decide(List.of(baseline(1), running(2)), BROAD_CLIENT, Set.of());

        assertThat(decision).isEqualTo(new PolicyDecision(1, 2, "broad", false, RolloutStatus.RUNNING, "ring broad has not started"));
        assertThat(decision.halted()).isFalse();
    }

    @Test
    void theBaselineIsTheHighestEarlierCompletedVersion() {
        assertThat(decide(List.of(baseline(1), baseline(2), running(4), baseline(3)), BROAD_CLIENT, Set.of()).offeredVersion()).isEqualTo(3);
        assertThat(decide(List.of(baseline(1), revoked(baseline(2)), running(3)), BROAD_CLIENT, Set.of()).offeredVersion()).isEqualTo(1);
        assertThat(decide(List.of(baseline(1), halted(2), running(3)), BROAD_CLIENT, Set.of()).offeredVersion())
                .as("a halted earlier version is not a baseline").isEqualTo(1);
    }

    @Test
    void withoutACompletedEarlierVersionAPendingClientIsOfferedNothing() {
        assertThat(decide(List.of(running(1)), BROAD_CLIENT, Set.of()))
                .isEqualTo(new PolicyDecision(null, 1, "broad", false, RolloutStatus.RUNNING, "ring broad has not started"));
    }

    @Test
    void whileTheContentIsMissingEveryClientKeepsTheBaseline() {
        Rollout waiting = Rollout.start(PACKAGE, 2, plan());

        assertThat(decide(List.of(baseline(1), waiting), PILOT_CLIENT, Set.of())).isEqualTo(new PolicyDecision(1, 2, "pilot", false,
                RolloutStatus.WAITING_FOR_CONTENT, "the content is not yet on every distribution point"));
    }

    @Test
    void aClientNoRingTakesKeepsTheBaseline() {
        Rollout tenPercentOnly = Rollout.start(PACKAGE, 2, new RolloutPlan(List.of(percent("early", 10))).validated());
        tenPercentOnly.advance(true, Map.of(), T0);

        assertThat(decide(List.of(baseline(1), tenPercentOnly), BROAD_CLIENT, Set.of()))
                .isEqualTo(new PolicyDecision(1, 2, null, false, RolloutStatus.RUNNING, "no ring of the plan takes this client"));
    }

    @Test
    void aClientAlreadyOfferedKeepsTheOffer() {
        assertThat(decide(List.of(baseline(1), running(2)), PILOT_CLIENT, Set.of(1, 2)))
                .isEqualTo(new PolicyDecision(2, 2, "pilot", false, RolloutStatus.RUNNING, null));
    }

    @Test
    void aClientAlreadyOfferedKeepsTheOfferWhileHaltedButIsToldItIsHalted() {
        Rollout halted = halted(2);

        PolicyDecision decision = decide(List.of(baseline(1), halted), PILOT_CLIENT, Set.of(2));

        assertThat(decision).isEqualTo(new PolicyDecision(2, 2, "pilot", false, RolloutStatus.HALTED,
                "the rollout is HALTED: ring pilot: 6 of 10 reported clients failed (60.0 %, threshold 10.0 %)"));
        assertThat(decision.halted()).isTrue();
    }

    @Test
    void aClientNotYetOfferedGetsTheBaselineWhileHalted() {
        PolicyDecision decision = decide(List.of(baseline(1), halted(2)), PILOT_CLIENT, Set.of());

        assertThat(decision).isEqualTo(new PolicyDecision(1, 2, "pilot", false, RolloutStatus.HALTED,
                "the rollout is HALTED: ring pilot: 6 of 10 reported clients failed (60.0 %, threshold 10.0 %)"));
        assertThat(decision.halted()).isTrue();
    }

    @Test
    void aClientAlreadyOfferedKeepsTheOfferWhilePaused() {
        Rollout paused = running(2);
        paused.pause("alice", "change freeze");

        assertThat(decide(List.of(baseline(1), paused), PILOT_CLIENT, Set.of(2)))
                .isEqualTo(new PolicyDecision(2, 2, "pilot", false, RolloutStatus.PAUSED, "the rollout is PAUSED: change freeze"));
    }

    @Test
    void whenTheLatestVersionIsRevokedThePreviousVersionIsTheCandidate() {
        List<Rollout> rollouts = List.of(baseline(1), revoked(running(2)));

        assertThat(decide(rollouts, PILOT_CLIENT, Set.of(1, 2))).isEqualTo(new PolicyDecision(1, 1, "pilot", false, RolloutStatus.COMPLETED, null));
        assertThat(decide(rollouts, BROAD_CLIENT, Set.of())).isEqualTo(new PolicyDecision(1, 1, "broad", true, RolloutStatus.COMPLETED, null));
    }

    @Test
    void whenEveryVersionIsRevokedNothingIsOffered() {
        PolicyDecision decision = decide(List.of(revoked(baseline(1)), revoked(running(2))), PILOT_CLIENT, Set.of(1, 2));

        assertThat(decision).isEqualTo(new PolicyDecision(null, null, null, false, null, "every version of CAS00006 is revoked"));
        assertThat(decision.halted()).isFalse();
        assertThat(decide(List.of(), PILOT_CLIENT, Set.of()).offeredVersion()).isNull();
    }

    @Test
    void aCompletedCandidateIsOfferedToEveryRing() {
        Rollout completed = running(2);
        completed.promote("alice", null, true, T0);
        completed.promote("alice", null, true, T0);
        completed.promote("alice", null, true, T0);

        assertThat(decide(List.of(baseline(1), completed), BROAD_CLIENT, Set.of(1)))
                .isEqualTo(new PolicyDecision(2, 2, "broad", true, RolloutStatus.COMPLETED, null));
    }
}
