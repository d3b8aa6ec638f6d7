package io.acu.launcher.load;

import io.acu.fleetsim.domain.StatusReports;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.domain.WaveSimulation;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Compares what a fleet's clients had accepted (fleet-sim's ground truth) with the rows state-ingest persisted, per
 * {@link MessageKey}: the "nothing lost, nothing counted twice" check of the load harness and the fault tests.
 *
 * <p>A message is <em>required</em> when the services answered 2xx for it: a client's fallback status point message
 * (800) when its outcome carries an FSP state, and its EP deployment message (2001) when it deployed (UPGRADED,
 * EP_INSTALL_FAILED). A client that ended in ERROR was refused for good on one of them; that message is
 * <em>optional</em>: an intake may have stored it and still failed to answer in time (at-least-once delivery), so
 * zero or one row is right, more is double counting.
 */
public final class DeliveryAudit {

    private final Set<MessageKey> required;
    private final Set<MessageKey> optional;

    private DeliveryAudit(Set<MessageKey> required, Set<MessageKey> optional) {
        this.required = required;
        this.optional = optional;
    }

    /**
     * The messages a wave's clients sent.
     *
     * @param wave fleet-sim's ground truth
     * @return the audit's expectations
     */
    public static DeliveryAudit of(WaveSimulation.WaveReport wave) {
        Set<MessageKey> required = new HashSet<>();
        Set<MessageKey> optional = new HashSet<>();
        for (WaveSimulation.ClientResult result : wave.results()) {
            if (!result.attempted()) {
                continue;
            }
            UpgradeOutcome outcome = result.outcome();
            MessageKey fsp = new MessageKey(result.client().clientId(), StatusReports.TOPIC_CLIENT_DEPLOYMENT);
            MessageKey ep = new MessageKey(result.client().clientId(), StatusReports.TOPIC_EP_DEPLOYMENT);
            switch (outcome.kind()) {
                case UPGRADED, EP_INSTALL_FAILED -> {
                    required.add(fsp);
                    required.add(ep);
                }
                case DOWNLOAD_FAILED, HASH_MISMATCH -> required.add(fsp);
                case ERROR -> {
                    // ClientUpgrade keeps the FSP state only when the FSP message was accepted and the 2001 was not.
                    if (outcome.fspStateId() != 0) {
                        required.add(fsp);
                        optional.add(ep);
                    } else {
                        optional.add(fsp);
                    }
                }
                case ALREADY_CURRENT -> {
                    // nothing needed, nothing sent
                }
            }
        }
        return new DeliveryAudit(required, optional);
    }

    /** @return messages the services answered 2xx for */
    public long requiredMessages() {
        return required.size();
    }

    /** @return messages refused for good that may or may not have been stored */
    public long optionalMessages() {
        return optional.size();
    }

    /**
     * Audits persisted rows.
     *
     * @param persisted rows in {@code state_ingest.state_message} per (client, topic type), for this wave's clients
     *     (other clients' rows are counted as unexpected)
     * @return the findings
     */
    public Findings audit(Map<MessageKey, Long> persisted) {
        Objects.requireNonNull(persisted, "persisted");
        long lost = required.stream().filter(key -> persisted.getOrDefault(key, 0L) == 0).count();
        long doubleCounted = 0;
        long unexpected = 0;
        long rows = 0;
        long optionalStored = 0;
        for (Map.Entry<MessageKey, Long> entry : persisted.entrySet()) {
            long count = entry.getValue();
            rows += count;
            doubleCounted += Math.max(0, count - 1);
            if (!required.contains(entry.getKey())) {
                if (optional.contains(entry.getKey())) {
                    optionalStored += Math.min(1, count);
                } else {
                    unexpected += Math.min(1, count);
                }
            }
        }
        return new Findings(required.size(), rows, lost, doubleCounted, unexpected, optionalStored);
    }

    /**
     * What the audit found.
     *
     * @param required messages the services answered 2xx for
     * @param persistedRows rows found
     * @param lost required messages with no row
     * @param doubleCounted rows beyond the first per message
     * @param unexpected messages with rows that no client of the wave sent
     * @param optionalStored messages refused for good whose row exists (allowed)
     */
    public record Findings(long required, long persistedRows, long lost, long doubleCounted, long unexpected, long optionalStored) {

        /** @return whether every accepted message is stored exactly once and nothing else is */
        public boolean exact() {
            return lost == 0 && doubleCounted == 0 && unexpected == 0;
        }
    }
}
