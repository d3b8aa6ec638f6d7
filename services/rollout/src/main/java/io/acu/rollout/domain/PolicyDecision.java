package io.acu.rollout.domain;

import io.acu.contracts.RolloutStatus;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Which package version one client is offered now: the per-client half of the client policy a management point
 * hands out (ConfigMgr's automatic client upgrade, staged by rings).
 *
 * <p>The candidate is the package's highest version that is not revoked. A client already offered it keeps the offer
 * (even while the rollout is halted or paused: it then gets no download grant). Otherwise the client is offered the
 * candidate when its ring is active, awaiting promotion or passed and the rollout runs or completed; else it is
 * offered the baseline, the highest earlier version whose rollout completed (what the fleet runs). A client that is
 * excluded, or a site with automatic upgrade off, is offered nothing.
 *
 * @param offeredVersion the package version the client should run; null for none
 * @param candidateVersion the version being rolled out; null when every version is revoked
 * @param ring the client's ring in the candidate's plan; null when excluded or no ring takes it
 * @param newOffer whether this decision offers the candidate for the first time (the caller records the offer)
 * @param status the candidate's rollout status; null when there is no candidate
 * @param reason why the client is not offered the candidate (excluded, ring pending, halted: …); null when it is
 */
public record PolicyDecision(Integer offeredVersion, Integer candidateVersion, String ring, boolean newOffer, RolloutStatus status,
        String reason) {

    /** @return whether the candidate's rollout is halted (the client must not start a download) */
    public boolean halted() {
        return status == RolloutStatus.HALTED;
    }

    /**
     * @param rollouts every rollout of the package, any order
     * @param enabled whether automatic client upgrade is on for the site
     * @param excluded whether the client is in the excluded collection
     * @param packageId e.g. {@code CAS00006}
     * @param clientId canonical client ID
     * @param boundaryGroup the boundary group the client reports; null when unknown
     * @param offeredVersions versions this client was offered before
     * @return the decision
     */
    public static PolicyDecision decide(List<Rollout> rollouts, boolean enabled, boolean excluded, String packageId, String clientId,
            String boundaryGroup, Set<Integer> offeredVersions) {
        Optional<Rollout> candidate = rollouts.stream().filter(r -> r.status() != RolloutStatus.REVOKED)
                .max(Comparator.comparingInt(Rollout::packageVersion));
        if (candidate.isEmpty()) {
            return new PolicyDecision(null, null, null, false, null, "every version of " + packageId + " is revoked");
        }
        Rollout rollout = candidate.get();
        if (!enabled) {
            return new PolicyDecision(null, rollout.packageVersion(), null, false, rollout.status(), "automatic client upgrade is off");
        }
        if (excluded) {
            return new PolicyDecision(null, rollout.packageVersion(), null, false, rollout.status(),
                    "the client is excluded from automatic client upgrade");
        }
        Optional<Integer> ringIndex = RingAssignment.ringOf(rollout.plan(), packageId, clientId, boundaryGroup);
        String ring = ringIndex.map(i -> rollout.plan().rings().get(i).name()).orElse(null);
        if (offeredVersions.contains(rollout.packageVersion())) {
            return new PolicyDecision(rollout.packageVersion(), rollout.packageVersion(), ring, false, rollout.status(),
                    rollout.grantsDownloads() ? null : "the rollout is " + rollout.status() + ": " + rollout.reason());
        }
        if (ringIndex.isPresent() && rollout.offersTo(ringIndex.get())) {
            return new PolicyDecision(rollout.packageVersion(), rollout.packageVersion(), ring, true, rollout.status(), null);
        }
        Integer baseline = rollouts.stream()
                .filter(r -> r.packageVersion() < rollout.packageVersion() && r.status() == RolloutStatus.COMPLETED)
                .map(Rollout::packageVersion).max(Integer::compare).orElse(null);
        String why = ringIndex.isEmpty() ? "no ring of the plan takes this client"
                : switch (rollout.status()) {
                    case RUNNING -> "ring " + ring + " has not started";
                    case WAITING_FOR_CONTENT -> "the content is not yet on every distribution point";
                    default -> "the rollout is " + rollout.status() + (rollout.reason() == null ? "" : ": " + rollout.reason());
                };
        return new PolicyDecision(baseline, rollout.packageVersion(), ring, false, rollout.status(), why);
    }
}
