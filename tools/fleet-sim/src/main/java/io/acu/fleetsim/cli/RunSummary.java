package io.acu.fleetsim.cli;

import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.http.TransportCounters;
import io.acu.fleetsim.run.FleetRun;
import java.util.Locale;
import java.util.Map;

/**
 * The final summary the CLI prints: clients per outcome, offered or not (ring not started, halted), refused, excluded
 * and pending, each ring's figures, then what went over the wire (download grants and 429s included).
 */
public final class RunSummary {

    private RunSummary() {
    }

    /** @return the summary, several lines, each ending in a newline */
    public static String format(FleetRun.Result result) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Package %s v%d (clients installed from v%d), wave took %.1f s%n",
                result.packageId(), result.packageVersion(), result.baselineVersion(), result.wallTime().toMillis() / 1000.0));
        out.append(String.format(Locale.ROOT, "Clients: %d%n", result.wave().results().size()));
        Map<UpgradeOutcome.Kind, Long> outcomes = result.wave().outcomes();
        for (UpgradeOutcome.Kind kind : UpgradeOutcome.Kind.values()) {
            out.append(String.format(Locale.ROOT, "  %-18s %8d%n", label(kind), outcomes.getOrDefault(kind, 0L)));
        }
        out.append(String.format(Locale.ROOT, "  %-18s %8d%n", "offered", result.wave().offered()));
        out.append(String.format(Locale.ROOT, "  %-18s %8d   (ring not started, rollout halted or waiting)%n", "not offered", result.wave().notOffered()));
        out.append(String.format(Locale.ROOT, "  %-18s %8d   (offered, download refused: rollout halted, paused or revoked)%n", "refused",
                result.wave().refused()));
        out.append(String.format(Locale.ROOT, "  %-18s %8d%n", "excluded", result.wave().excluded()));
        out.append(String.format(Locale.ROOT, "  %-18s %8d%n", "pending", result.wave().pending()));
        result.wave().byRing().forEach((ring, t) -> out.append(String.format(Locale.ROOT,
                "Ring %-8s %6d clients, %6d offered, %6d succeeded, %6d failed, %6d unfinished%n", ring, t.clients(), t.offered(), t.succeeded(),
                t.failed(), t.unfinished())));
        TransportCounters.Snapshot c = result.counters();
        out.append(String.format(Locale.ROOT, "Messages: %d sent, %d accepted, %d rejected, %d retries; duplicates %d sent, %d accepted%n",
                c.messagesSent(), c.messagesAccepted(), c.messagesRejected(), c.retries(), c.duplicatesSent(), c.duplicatesAccepted()));
        out.append(String.format(Locale.ROOT, "Grants: %d requested, %d answered 429 (waited and retried), %d refused (409); peak held per DP %s; "
                + "%d policy reads%n", c.grantRequests(), c.grantsBusy(), c.grantsRefused(), result.wave().peakGrants(), c.policyReads()));
        out.append(String.format(Locale.ROOT, "Downloads: %d cabinets, %d files, %d bytes, %d resumed; %d requests found a service unreachable%n",
                c.manifestsFetched(), c.downloads(), c.bytesDownloaded(), c.resumedDownloads(), c.unreachable()));
        return out.toString();
    }

    private static String label(UpgradeOutcome.Kind kind) {
        return kind.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
