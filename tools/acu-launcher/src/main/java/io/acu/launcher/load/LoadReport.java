package io.acu.launcher.load;

import io.acu.fleetsim.http.TransportCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * The figures of one load run, as {@code ./acu load} prints them.
 *
 * @param clients the fleet's size
 * @param transport what fleet-sim sent and how the services answered (accepted = 2xx), with request latencies and the
 *     policy-read, grant and report phases
 * @param audit persisted rows against the ground truth (lost, double counted)
 * @param repeatedSerials 2001 rows whose (client, SerialNumber) is stored more than once
 * @param deadLettered records per dead-letter topic
 * @param endToEnd from the first report sent (after the policy reads) to the last row persisted
 * @param sendingTime how long the fleet took to send every report
 * @param peakConsumerLag the largest consumer lag state-ingest's metrics showed while the run went on (records)
 * @param rollout what rollout counts for the new version; empty when it showed no rollout of it
 * @param expectedRollout the same from the fleet's ground truth
 * @param sideBySide state-ingest and rollout consuming the same messages
 * @param peakResidentBytes each service's peak RSS (VmHWM) by instance name; empty where it could not be read
 * @param cpuSeconds CPU seconds by process role ({@link ProcessCpu}) from the start of the reporting to the last row
 *     persisted; empty where {@code /proc} cannot be read
 */
public record LoadReport(int clients, TransportCounters.Snapshot transport, DeliveryAudit.Findings audit, long repeatedSerials,
        Map<String, Long> deadLettered, Duration endToEnd, Duration sendingTime, double peakConsumerLag, Optional<RolloutCounts> rollout,
        RolloutCounts expectedRollout, SideBySide sideBySide, Map<String, OptionalLong> peakResidentBytes,
        Map<String, Double> cpuSeconds) {

    /** @return persisted messages per second, from the first report sent to the last row persisted */
    public double throughput() {
        double seconds = endToEnd.toNanos() / 1e9;
        return seconds <= 0 ? 0 : audit.persistedRows() / seconds;
    }

    /** @return duplicates sent that created no row: the services absorbed them */
    public long duplicatesAbsorbed() {
        return transport.duplicatesSent() - audit.doubleCounted();
    }

    /** @return records on all dead-letter topics */
    public long deadLetteredTotal() {
        return deadLettered.values().stream().mapToLong(Long::longValue).sum();
    }

    /** @return whether nothing was lost and nothing counted twice */
    public boolean exact() {
        return audit.exact() && repeatedSerials == 0;
    }

    /** @return whether rollout offered the version to, and counts the outcomes of, exactly the clients the fleet says */
    public boolean rolloutMatches() {
        return rollout.map(counts -> counts.matches(expectedRollout)).orElse(false);
    }

    /** Prints the figures, one per line, aligned. */
    public void print(PrintStream out) {
        TransportCounters.Latency latency = transport.latency();
        TransportCounters.Phase policy = transport.policyPhase();
        TransportCounters.Phase grants = transport.grantPhase();
        line(out, "clients", "%,d", clients);
        line(out, "policy reads", "%,d by %,d clients in %.1f s: %,.0f reads/s, p50 %.1f ms, p99 %.1f ms (%,d offered the version)",
                policy.requests(), clients, policy.duration().toMillis() / 1000.0, policy.perSecond(), policy.latency().p50Micros() / 1000.0,
                policy.latency().p99Micros() / 1000.0, expectedRollout.offered());
        if (grants.requests() > 0) {
            line(out, "download grants", "%,d asked while reporting (%,d answered 429, %,d refused), p50 %.1f ms, p99 %.1f ms", grants.requests(),
                    transport.grantsBusy(), transport.grantsRefused(), grants.latency().p50Micros() / 1000.0, grants.latency().p99Micros() / 1000.0);
        }
        line(out, "sent", "%,d reports (+ %,d duplicates, %,d retries, %,d answered 503)", transport.messagesSent(), transport.duplicatesSent(),
                transport.retries(), transport.serviceUnavailable());
        line(out, "accepted (2xx)", "%,d reports (%,d refused for good)", transport.messagesAccepted(), transport.messagesRejected());
        line(out, "persisted", "%,d rows (%,d messages the services accepted)", audit.persistedRows(), audit.required());
        line(out, "duplicates absorbed", "%,d of %,d sent", duplicatesAbsorbed(), transport.duplicatesSent());
        line(out, "dead-lettered", "%,d %s", deadLetteredTotal(), deadLettered.isEmpty() ? "(no dead-letter topic exists)" : deadLettered);
        line(out, "lost", "%,d", audit.lost());
        line(out, "double-counted", "%,d (+ %,d repeated 2001 serial numbers, %,d rows of unknown clients)", audit.doubleCounted(), repeatedSerials,
                audit.unexpected());
        line(out, "throughput", "%,.0f msg/s end to end (%,d rows in %.1f s; sending took %.1f s)", throughput(), audit.persistedRows(),
                endToEnd.toMillis() / 1000.0, sendingTime.toMillis() / 1000.0);
        line(out, "intake latency", "p50 %.1f ms, p99 %.1f ms, max %.1f ms (%,d requests)", latency.p50Micros() / 1000.0,
                latency.p99Micros() / 1000.0, latency.maxMicros() / 1000.0, latency.count());
        line(out, "consumer lag", "peak %,.0f records (state-ingest %s)", peakConsumerLag, ConsumerLag.METRIC);
        line(out, "rollout counts", "%s", rollout.map(counts -> String.format(Locale.ROOT,
                "%s: offered %,d, succeeded %,d, failed %,d, stalled %,d, in progress %,d", counts.status(), counts.offered(), counts.succeeded(),
                counts.failed(), counts.stalled(), counts.inProgress())).orElse("no rollout of the version"));
        line(out, "  fleet-sim", "offered %,d, succeeded %,d, failed %,d, neither %,d (a report not accepted, or not run)%s", expectedRollout.offered(),
                expectedRollout.succeeded(), expectedRollout.failed(), expectedRollout.inProgress(), rolloutMatches() ? "" : "  <- differs");
        printSideBySide(out);
        double cpuTotal = cpuSeconds.values().stream().mapToDouble(Double::doubleValue).sum();
        if (cpuTotal > 0) {
            line(out, "CPU while reporting", "%.1f s in %.1f s of wall time: by process, share, µs per persisted message", cpuTotal,
                    endToEnd.toMillis() / 1000.0);
            cpuSeconds.forEach((role, seconds) -> line(out, "  " + role, "%6.1f s %5.1f %% %7.1f µs/msg", seconds, seconds * 100 / cpuTotal,
                    audit.persistedRows() == 0 ? 0 : seconds * 1e6 / audit.persistedRows()));
        }
        peakResidentBytes.forEach((service, bytes) -> line(out, "peak RSS " + service, "%s",
                bytes.isPresent() ? String.format(Locale.ROOT, "%,d MiB", bytes.getAsLong() / (1024 * 1024)) : "unknown"));
        out.flush();
    }

    /** state-ingest and rollout in two columns, then rollout's rate over state-ingest's. */
    private void printSideBySide(PrintStream out) {
        out.printf(Locale.ROOT, "%-24s %16s %16s%n", "consumers", "state-ingest", "rollout");
        out.printf(Locale.ROOT, "%-24s %,16d %,16d%n", "  messages", sideBySide.messages(), sideBySide.messages());
        out.printf(Locale.ROOT, "%-24s %16s %16s%n", "  time to store/apply all", seconds(sideBySide.stateIngest()),
                sideBySide.rollout().map(LoadReport::seconds).orElse("not all"));
        out.printf(Locale.ROOT, "%-24s %16s %16s%n", "  msg/s", String.format(Locale.ROOT, "%,.0f", sideBySide.stateIngestRate()),
                perSecond(sideBySide.rolloutRate()));
        out.printf(Locale.ROOT, "%-24s %16s %16s%n", "  peak lag (records)", records(sideBySide.peakLagStateIngest()),
                records(sideBySide.peakLagRollout()));
        OptionalDouble ratio = sideBySide.ratio();
        line(out, "rollout / state-ingest", "%s", ratio.isPresent() ? String.format(Locale.ROOT, "%.2f (msg/s; 1 or more: rollout keeps up)",
                ratio.getAsDouble()) : "rollout did not apply every message");
    }

    private static String seconds(Duration time) {
        return String.format(Locale.ROOT, "%.1f s", time.toMillis() / 1000.0);
    }

    private static String perSecond(OptionalDouble rate) {
        return rate.isPresent() ? String.format(Locale.ROOT, "%,.0f", rate.getAsDouble()) : "-";
    }

    private static String records(OptionalLong records) {
        return records.isPresent() ? String.format(Locale.ROOT, "%,d", records.getAsLong()) : "unknown";
    }

    private static void line(PrintStream out, String label, String format, Object... values) {
        out.printf(Locale.ROOT, "%-24s %s%n", label, String.format(Locale.ROOT, format, values));
    }
}
