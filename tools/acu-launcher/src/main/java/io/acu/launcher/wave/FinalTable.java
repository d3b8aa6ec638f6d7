package io.acu.launcher.wave;

import com.fasterxml.jackson.databind.JsonNode;
import io.acu.fleetsim.domain.UpgradeOutcome;
import io.acu.fleetsim.http.TransportCounters;
import java.io.PrintStream;
import io.acu.launcher.rollout.RolloutTables;
import java.util.Locale;

/**
 * The wave's final table on the terminal: the rollout's status (with the halt reason) and each ring's figures as
 * rollout reports them next to the simulator's ground truth; clients on the target version, pending, excluded and
 * failed by state with their catalogue names (as state-ingest counts them, next to the ground truth); then each
 * distribution point's status and the transport's figures (download grants and 429s included).
 */
public final class FinalTable {

    private FinalTable() {
    }

    /** Prints {@code outcome} to {@code out}, the dashboard's URL last. */
    public static void print(DemoWave.Outcome outcome, PrintStream out) {
        DemoWave.Tally expected = outcome.expected();
        DemoWave.Tally observed = outcome.observed();
        var wave = outcome.run().wave();
        long clients = wave.results().size();
        out.println();
        out.printf(Locale.ROOT, "Rollout of %s v%d (%s %s) to %,d clients%n", DemoSeed.PACKAGE_ID, outcome.packageVersion(), DemoSeed.INSTALLER,
                DemoSeed.TARGET_SCEP_VERSION, clients);
        out.printf("%-52s %14s %12s%n", "", "state-ingest", "fleet-sim");
        // State names as the ConfigMgr state catalogue has them (the same names state-ingest and the dashboard show).
        row(out, "On " + DemoSeed.TARGET_SCEP_VERSION + " (2001/3 Managed)", observed.onTarget(), expected.onTarget());
        row(out, "Failed 2001/4 Installation failed", observed.epInstallFailed(), expected.epInstallFailed());
        row(out, "Failed 800/309 BITS download failed", observed.downloadFailed(), expected.downloadFailed());
        row(out, "Failed 800/325 Prerequisite hash mismatch", observed.hashMismatch(), expected.hashMismatch());
        long errors = wave.outcomes().getOrDefault(UpgradeOutcome.Kind.ERROR, 0L);
        if (errors > 0) {
            out.printf("%-52s %14s %,12d%n", "Not reported (a status message was refused)", "-", errors);
        }
        out.printf("%-52s %14s %,12d%n", "Pending (upgrade not run yet)", "-", wave.pending());
        out.printf("%-52s %14s %,12d%n", "Excluded (never upgrade)", "-", wave.excluded());
        out.println(outcome.stateIngestMatches() ? "state-ingest counts exactly what the fleet did."
                : "MISMATCH: state-ingest differs from the fleet's ground truth.");
        out.printf("%-52s %14s %12s%n", "Offered the new version", "-", String.format(Locale.ROOT, "%,d", wave.offered()));
        out.printf("%-52s %14s %12s%n", "Not offered (ring not started / rollout halted)", "-", String.format(Locale.ROOT, "%,d", wave.notOffered()));
        if (wave.refused() > 0) {
            out.printf("%-52s %14s %12s%n", "Offered, download refused (rollout halted/paused)", "-", String.format(Locale.ROOT, "%,d", wave.refused()));
        }

        out.println();
        RolloutTables.print(outcome.rollout(), wave.byRing(), out);
        outcome.ringMismatches().forEach(ring -> out.println("MISMATCH: rollout's figures for ring " + ring + " differ from the fleet's ground truth."));
        outcome.scenarioBroken().ifPresentOrElse(problem -> out.println("UNEXPECTED: " + problem + "."),
                () -> out.println(outcome.badHotfix() ? "As expected for a bad hotfix: the pilot halted the rollout; nobody outside the pilot was offered it."
                        : "Every ring passed its gate with no manual step."));

        out.println();
        out.println("Current failures in state-ingest (state, name, error code, clients):");
        failures(out, outcome.failures800());
        failures(out, outcome.failures2001());

        out.println();
        out.printf("%-8s %-20s %-9s %s%n", "DP", "state", "attempts", "bytes");
        for (JsonNode point : outcome.distribution().path("distributionPoints")) {
            out.printf(Locale.ROOT, "%-8s %-20s %-9d %,d%n", point.path("distributionPoint").asText(), point.path("state").asText(),
                    point.path("attempt").asInt(), point.path("bytesTransferred").asLong());
        }

        TransportCounters.Snapshot counters = outcome.run().counters();
        out.println();
        out.printf(Locale.ROOT, "fleet-sim: %,d status messages accepted of %,d sent, %,d retries, %,d files downloaded (%,d resumed with Range), "
                + "%,d bytes, %d s wall%n", counters.messagesAccepted(), counters.messagesSent(), counters.retries(), counters.downloads(),
                counters.resumedDownloads(), counters.bytesDownloaded(), outcome.run().wallTime().toSeconds());
        out.printf(Locale.ROOT, "fleet-sim: %,d policy reads, %,d download grants asked, %,d answered 429 (waited and retried), %,d refused (409); "
                + "peak grants held per DP %s%n", counters.policyReads(), counters.grantRequests(), counters.grantsBusy(), counters.grantsRefused(),
                wave.peakGrants());
        out.println("Dashboard: " + outcome.dashboard());
        out.flush();
    }

    private static void row(PrintStream out, String label, long observed, long expected) {
        out.printf(Locale.ROOT, "%-52s %,14d %,12d%s%n", label, observed, expected, observed == expected ? "" : "  <- differs");
    }

    private static void failures(PrintStream out, JsonNode groups) {
        for (JsonNode group : groups) {
            out.printf(Locale.ROOT, "  %-9s %-48s %-12s %,d%n", group.path("topicType").asInt() + "/" + group.path("stateId").asInt(),
                    group.path("stateName").asText(), group.path("errorCode").asText(""), group.path("clients").asLong());
        }
    }
}
