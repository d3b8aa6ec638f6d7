package io.acu.fleetsim.http;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAccumulator;
import java.util.concurrent.atomic.LongAdder;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * What the HTTP transport did in a run, for summaries and load figures; thread-safe (one {@link LongAdder} each, and
 * an HdrHistogram of request latencies with 3 significant digits). Status reports are counted once each whatever the
 * retries; duplicates (a report deliberately sent again) apart. Policy reads, download grant requests and status
 * reports also each keep their {@link Phase}: when the first was sent and the last answered, so a load run can tell
 * the policy reads apart from the reporting that follows them.
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
    final LongAdder failovers = new LongAdder();
    /** Microseconds from sending a status report to its response's headers, one value per attempt that got an answer. */
    private final Histogram latencyMicros = new ConcurrentHistogram(3);
    final PhaseClock policyPhase = new PhaseClock();
    final PhaseClock grantPhase = new PhaseClock();
    final PhaseClock reportPhase = new PhaseClock();

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
                serviceUnavailable.sum(), policyReads.sum(), grantRequests.sum(), grantsBusy.sum(), grantsRefused.sum(), latency(),
                policyPhase.snapshot(), grantPhase.snapshot(), reportPhase.snapshot(), failovers.sum());
    }

    /** @return the latency distribution of the attempts answered so far */
    public Latency latency() {
        return latencyOf(latencyMicros);
    }

    private static Latency latencyOf(Histogram micros) {
        Histogram copy = micros.copy();
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
     * One kind of request over a run, by the wall clock: the first sent, the last answered, and each request's time
     * from sending to its answer (retries included: one value per request, not per attempt).
     *
     * @param requests requests answered (any status) or failed for good
     * @param firstSent when the first was sent; null when none was
     * @param lastAnswered when the last one ended; null when none did
     * @param latency per request
     */
    public record Phase(long requests, Instant firstSent, Instant lastAnswered, Latency latency) {

        /** @return from the first sent to the last answered; zero when nothing was sent */
        public Duration duration() {
            return firstSent == null || lastAnswered == null ? Duration.ZERO : Duration.between(firstSent, lastAnswered);
        }

        /** @return requests per second over {@link #duration()}; 0 when it is zero */
        public double perSecond() {
            double seconds = duration().toNanos() / 1e9;
            return seconds <= 0 ? 0 : requests / seconds;
        }
    }

    /** Keeps one {@link Phase}; thread-safe. */
    static final class PhaseClock {
        private final LongAdder requests = new LongAdder();
        private final LongAccumulator firstSentMicros = new LongAccumulator(Math::min, Long.MAX_VALUE);
        private final LongAccumulator lastAnsweredMicros = new LongAccumulator(Math::max, Long.MIN_VALUE);
        private final Histogram latencyMicros = new ConcurrentHistogram(3);

        /** A request's start, by the wall clock (epoch microseconds) and the monotonic clock. */
        record Started(long epochMicros, long nanoTime) {
        }

        /** @return the start of a request being sent now, for {@link #ended} */
        Started started() {
            long micros = epochMicros(Instant.now());
            firstSentMicros.accumulate(micros);
            return new Started(micros, System.nanoTime());
        }

        /** Records the end of the request that began at {@code started}, however it ended. */
        void ended(Started started) {
            long nanos = System.nanoTime() - started.nanoTime();
            requests.increment();
            lastAnsweredMicros.accumulate(started.epochMicros() + TimeUnit.NANOSECONDS.toMicros(nanos));
            latencyMicros.recordValue(Math.max(1, TimeUnit.NANOSECONDS.toMicros(nanos)));
        }

        Phase snapshot() {
            long first = firstSentMicros.get();
            long last = lastAnsweredMicros.get();
            return new Phase(requests.sum(), first == Long.MAX_VALUE ? null : instant(first), last == Long.MIN_VALUE ? null : instant(last),
                    latencyOf(latencyMicros));
        }

        private static long epochMicros(Instant at) {
            return at.getEpochSecond() * 1_000_000L + at.getNano() / 1_000;
        }

        private static Instant instant(long epochMicros) {
            return Instant.ofEpochSecond(Math.floorDiv(epochMicros, 1_000_000L), Math.floorMod(epochMicros, 1_000_000L) * 1_000L);
        }
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
     * @param policyPhase the policy reads: first sent, last answered, time per read
     * @param grantPhase the download grant requests (each 429 retry a request of its own)
     * @param reportPhase the status report POSTs, duplicates included: first sent, last answered
     * @param failovers requests sent on to another replica of a service at once because the one whose turn it was
     *     refused the connection (it is down)
     */
    public record Snapshot(long messagesSent, long messagesAccepted, long messagesRejected, long duplicatesSent, long duplicatesAccepted,
            long retries, long unreachable, long manifestsFetched, long downloads, long bytesDownloaded, long resumedDownloads,
            long serviceUnavailable, long policyReads, long grantRequests, long grantsBusy, long grantsRefused, Latency latency,
            Phase policyPhase, Phase grantPhase, Phase reportPhase, long failovers) {
    }
}
