package io.acu.fleetsim.http;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the HTTP transport did in a run, for summaries and load figures; thread-safe (one {@link LongAdder} each, and
 * an HdrHistogram of request latencies with 3 significant digits). Status reports are counted once each whatever the
 * retries; duplicates (a report deliberately sent again) apart.
 */
public final class TransportCounters {

    final LongAdder messagesSent = new LongAdder();
    final LongAdder messagesAccepted = new LongAdder();
    final LongAdder messagesRejected = new LongAdder();
    final LongAdder duplicatesSent = new LongAdder();
    final LongAdder duplicatesAccepted = new LongAdder();
    final LongAdder retries = new LongAdder();
    final LongAdder unreachable = new LongAdder();
    final LongAdder manifestsFetched = new LongAdder();
    final LongAdder downloads = new LongAdder();
    final LongAdder bytesDownloaded = new LongAdder();
    final LongAdder resumedDownloads = new LongAdder();
    final LongAdder serviceUnavailable = new LongAdder();
    final LongAdder policyReads = new LongAdder();
    final LongAdder grantRequests = new LongAdder();
    final LongAdder grantsBusy = new LongAdder();
    final LongAdder grantsRefused = new LongAdder();
    /** Microseconds from sending a status report to its response's headers, one value per attempt that got an answer. */
    private final Histogram latencyMicros = new ConcurrentHistogram(3);

    /** Records one attempt's latency (request sent → response headers), in nanoseconds. */
    void recordLatency(long nanos) {
        latencyMicros.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
    }

    /**
     * A consistent-enough copy (each counter read once; counters still moving may be a few apart).
     *
     * @return the counts so far
     */
    public Snapshot snapshot() {
        return new Snapshot(messagesSent.sum(), messagesAccepted.sum(), messagesRejected.sum(), duplicatesSent.sum(), duplicatesAccepted.sum(),
                retries.sum(), unreachable.sum(), manifestsFetched.sum(), downloads.sum(), bytesDownloaded.sum(), resumedDownloads.sum(),
                serviceUnavailable.sum(), policyReads.sum(), grantRequests.sum(), grantsBusy.sum(), grantsRefused.sum(), latency());
    }

    /** @return the latency distribution of the attempts answered so far */
    public Latency latency() {
        Histogram copy = latencyMicros.copy();
        return new Latency(copy.getTotalCount(), copy.getValueAtPercentile(50), copy.getValueAtPercentile(99), copy.getMaxValue());
    }

    /**
     * Intake latencies: from POSTing a status report (to the fallback status point or the state-message intake) to
     * receiving the response's headers, per attempt that got an answer (a retried report counts once per attempt;
     * connection failures are not latencies).
     *
     * @param count attempts measured
     * @param p50Micros median, microseconds (0 when none)
     * @param p99Micros 99th percentile, microseconds
     * @param maxMicros the slowest, microseconds
     */
    public record Latency(long count, long p50Micros, long p99Micros, long maxMicros) {
    }

    /**
     * The counts.
     *
     * @param messagesSent status reports (FSP and state messages) sent, each once however often retried
     * @param messagesAccepted of those, answered 2xx
     * @param messagesRejected of those, refused for good (4xx other than 429, or retries exhausted)
     * @param duplicatesSent reports deliberately sent a second time (same content and serial number)
     * @param duplicatesAccepted of those, answered 2xx
     * @param retries requests repeated after a connection error, 5xx or 429 (messages and downloads)
     * @param unreachable requests that failed for good because the service could not be reached
     * @param manifestsFetched ccmsetup.cab files downloaded and verified
     * @param downloads package files downloaded to the end (hash computed)
     * @param bytesDownloaded bytes received for cabinets and package files, partial transfers included
     * @param resumedDownloads downloads continued with {@code Range: bytes=N-} after an interruption
     * @param serviceUnavailable answers with 503 Service Unavailable (a service that could not take the request, e.g. an
     *     intake whose Kafka did not acknowledge), each attempt counted
     * @param policyReads client policies read from rollout (answered, any status)
     * @param grantRequests download grant requests sent to rollout, each 429 retry included
     * @param grantsBusy of those, answered 429 (the distribution point or boundary group was full)
     * @param grantsRefused of those, answered 409 (not offered, or the rollout halted, paused or revoked)
     * @param latency status report (intake) latencies
     */
    public record Snapshot(long messagesSent, long messagesAccepted, long messagesRejected, long duplicatesSent, long duplicatesAccepted,
            long retries, long unreachable, long manifestsFetched, long downloads, long bytesDownloaded, long resumedDownloads,
            long serviceUnavailable, long policyReads, long grantRequests, long grantsBusy, long grantsRefused, Latency latency) {
    }
}
