package io.acu.launcher.load;

import io.acu.fleetsim.http.TransportCounters;
import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The figures of one load run, as {@code ./acu load} prints them.
 *
 * @param clients the fleet's size
 * @param transport what fleet-sim sent and how the services answered (accepted = 2xx), with request latencies
 * @param audit persisted rows against the ground truth (lost, double counted)
 * @param repeatedSerials 2001 rows whose (client, SerialNumber) is stored more than once
 * @param deadLettered records per dead-letter topic
 * @param endToEnd from the first report sent to the last row persisted
 * @param sendingTime how long the fleet took to send everything
 * @param peakConsumerLag the largest consumer lag state-ingest's metrics showed while the run went on (records)
 * @param peakResidentBytes each service's peak RSS (VmHWM) by instance name; empty where it could not be read
 */
public record LoadReport(int clients, TransportCounters.Snapshot transport, DeliveryAudit.Findings audit, long repeatedSerials,
        Map<String, Long> deadLettered, Duration endToEnd, Duration sendingTime, double peakConsumerLag,
        Map<String, OptionalLong> peakResidentBytes) {

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

    /** Prints the figures, one per line, aligned. */
    public void print(PrintStream out) {
        TransportCounters.Latency latency = transport.latency();
        line(out, "clients", "%,d", clients);
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
        peakResidentBytes.forEach((service, bytes) -> line(out, "peak RSS " + service, "%s",
                bytes.isPresent() ? String.format(Locale.ROOT, "%,d MiB", bytes.getAsLong() / (1024 * 1024)) : "unknown"));
        out.flush();
    }

    private static void line(PrintStream out, String label, String format, Object... values) {
        out.printf(Locale.ROOT, "%-24s %s%n", label, String.format(Locale.ROOT, format, values));
    }
}
