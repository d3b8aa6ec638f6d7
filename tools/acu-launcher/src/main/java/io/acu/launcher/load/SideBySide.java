package io.acu.launcher.load;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * state-ingest and rollout consuming the same state messages (issue 13's benchmark: do rollout's consumers keep up with
 * state-ingest's ingest rate on the same machine?). Both times run from the start of the reporting (after the policy
 * reads) to the moment the service had every accepted message: state-ingest's last row stored, rollout's counts
 * showing every client that reported as succeeded or failed.
 *
 * @param messages status reports the services accepted (duplicates not included: both services absorb them)
 * @param stateIngest from the first report to state-ingest's last row
 * @param rollout from the first report to the poll that found rollout had applied every client's final state; empty
 *     when it never did
 * @param peakLagStateIngest the most records state-ingest's group had not committed at any sample; empty when Kafka
 *     never answered
 * @param peakLagRollout the same for rollout's group
 */
public record SideBySide(long messages, Duration stateIngest, Optional<Duration> rollout, OptionalLong peakLagStateIngest,
        OptionalLong peakLagRollout) {

    /** @return state-ingest's messages per second */
    public double stateIngestRate() {
        return rate(stateIngest);
    }

    /** @return rollout's messages per second; empty when it did not apply them all */
    public OptionalDouble rolloutRate() {
        return rollout.map(time -> OptionalDouble.of(rate(time))).orElse(OptionalDouble.empty());
    }

    /** @return rollout's rate over state-ingest's (1 or more: rollout kept up); empty when rollout did not finish */
    public OptionalDouble ratio() {
        double ingest = stateIngestRate();
        OptionalDouble rollout = rolloutRate();
        return rollout.isPresent() && ingest > 0 ? OptionalDouble.of(rollout.getAsDouble() / ingest) : OptionalDouble.empty();
    }

    private double rate(Duration time) {
        double seconds = time.toNanos() / 1e9;
        return seconds <= 0 ? 0 : messages / seconds;
    }
}
