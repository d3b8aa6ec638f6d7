package io.acu.rollout.domain;

import java.time.Instant;
import java.util.Locale;

/**
 * A ring's health gate (hawkBit's success and error conditions with a minimum sample, plus a soak time). Pure: the
 * counts come in, a {@link GateDecision} goes out.
 *
 * <p>Rules, checked in this order once at least {@code minSample} clients reported (succeeded + failed, plus stalled
 * when the gate counts stalls as failures):
 * <ol>
 *   <li>failures above {@code failurePercent} of the reported clients halt, unless no failure arrived since an
 *       operator resumed ({@code acknowledgedFailures}: resuming accepts the failures seen so far);
 *   <li>fewer than {@code successPercent} of the <em>offered</em> clients succeeded: wait;
 *   <li>{@code soak} not yet elapsed since the ring's first success: wait;
 *   <li>otherwise pass (failures are at most {@code failurePercent}).
 * </ol>
 */
public final class Gate {

    private Gate() {
    }

    /**
     * @param criteria the ring's gate
     * @param counts the ring's figures; {@code failed} already excludes ignored error codes
     * @param acknowledgedFailures failures (stalls included when they count) an operator accepted by resuming; 0
     *     when never resumed
     * @param now the evaluation time
     * @return the decision with its reason
     */
    public static GateDecision evaluate(GateCriteria criteria, RingCounts counts, long acknowledgedFailures, Instant now) {
        long failed = counts.failed() + (criteria.stalledCountAsFailure() ? counts.stalled() : 0);
        long reported = counts.succeeded() + failed;
        if (reported < criteria.minSample()) {
            return new GateDecision.Wait(reported + " of the minimum sample of " + criteria.minSample() + " clients reported ("
                    + counts.offered() + " offered)");
        }
        double failureRate = 100.0 * failed / reported;
        if (failureRate > criteria.failurePercent() && failed > acknowledgedFailures) {
            return new GateDecision.Halt(failed + " of " + reported + " reported clients failed (" + percent(failureRate)
                    + ", threshold " + percent(criteria.failurePercent()) + ")"
                    + (counts.stalled() > 0 && criteria.stalledCountAsFailure() ? ", " + counts.stalled() + " of them stalled" : ""));
        }
        double successRate = counts.offered() == 0 ? 0 : 100.0 * counts.succeeded() / counts.offered();
        if (successRate < criteria.successPercent()) {
            return new GateDecision.Wait(counts.succeeded() + " of " + counts.offered() + " offered clients succeeded ("
                    + percent(successRate) + ", needs " + percent(criteria.successPercent()) + ")");
        }
        if (counts.firstSuccessAt() == null || now.isBefore(counts.firstSuccessAt().plus(criteria.soak()))) {
            return new GateDecision.Wait("soaking until " + (counts.firstSuccessAt() == null ? "a first success"
                    : counts.firstSuccessAt().plus(criteria.soak())) + " (" + criteria.soak() + " after the first success)");
        }
        return new GateDecision.Pass(counts.succeeded() + " of " + counts.offered() + " offered clients succeeded ("
                + percent(successRate) + "), " + failed + " of " + reported + " reported failed (" + percent(failureRate) + ")");
    }

    private static String percent(double value) {
        return String.format(Locale.ROOT, "%.1f %%", value);
    }
}
