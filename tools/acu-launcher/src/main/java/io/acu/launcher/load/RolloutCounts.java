package io.acu.launcher.load;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import java.util.Map;
import java.util.Optional;

/**
 * One version's rollout as rollout counts it ({@code GET /api/rollouts?packageId=}, its rings summed), to compare with
 * what the status-only fleet did: every client rollout offered the version, and of those the ones whose reports made
 * them succeeded (FSP 800/400 and EP 2001/3 at the target versions) or failed (800/309, 800/325, 2001/4).
 *
 * @param status the rollout's status, e.g. {@code RUNNING}, {@code COMPLETED}
 * @param offered clients offered the version
 * @param succeeded of those, succeeded
 * @param failed of those, failed
 * @param stalled of those, granted and silent past the grant's expiry
 * @param inProgress the others
 */
public record RolloutCounts(String status, long offered, long succeeded, long failed, long stalled, long inProgress) {

    /**
     * @param rollouts rollout's answer to {@code GET /api/rollouts?packageId=} (an array, newest version first)
     * @param version the package version
     * @return that version's counts; empty when rollout has no rollout of it (yet)
     */
    public static Optional<RolloutCounts> of(JsonNode rollouts, int version) {
        for (JsonNode rollout : rollouts) {
            if (rollout.path("packageVersion").asInt() != version) {
                continue;
            }
            long offered = 0;
            long succeeded = 0;
            long failed = 0;
            long stalled = 0;
            long inProgress = 0;
            for (JsonNode ring : rollout.path("rings")) {
                offered += ring.path("offered").asLong();
                succeeded += ring.path("succeeded").asLong();
                failed += ring.path("failed").asLong();
                stalled += ring.path("stalled").asLong();
                inProgress += ring.path("inProgress").asLong();
            }
            return Optional.of(new RolloutCounts(rollout.path("status").asText(), offered, succeeded, failed, stalled, inProgress));
        }
        return Optional.empty();
    }

    /**
     * The fleet's ground truth in rollout's terms: clients offered the version; of those, upgraded (succeeded), and
     * download failed, hash mismatch or EP install failed (failed). A client whose report was not accepted (an error)
     * is neither: rollout cannot know how it ended.
     */
    public static RolloutCounts expected(WaveSimulation.WaveReport wave) {
        Map<UpgradeOutcome.Kind, Long> outcomes = wave.outcomes();
        long succeeded = outcomes.getOrDefault(UpgradeOutcome.Kind.UPGRADED, 0L);
        long failed = outcomes.getOrDefault(UpgradeOutcome.Kind.DOWNLOAD_FAILED, 0L) + outcomes.getOrDefault(UpgradeOutcome.Kind.HASH_MISMATCH, 0L)
                + outcomes.getOrDefault(UpgradeOutcome.Kind.EP_INSTALL_FAILED, 0L);
        return new RolloutCounts("", wave.offered(), succeeded, failed, 0, wave.offered() - succeeded - failed);
    }

    /** @return clients whose final state rollout applied: succeeded, failed or stalled */
    public long finished() {
        return succeeded + failed + stalled;
    }

    /** @return whether rollout offered, and counts succeeded and failed (stalled included), exactly as {@code expected} */
    public boolean matches(RolloutCounts expected) {
        return offered == expected.offered && succeeded == expected.succeeded && failed + stalled == expected.failed + expected.stalled;
    }
}
