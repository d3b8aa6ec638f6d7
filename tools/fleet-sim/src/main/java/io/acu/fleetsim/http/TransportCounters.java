package io.acu.fleetsim.http;

import java.util.concurrent.atomic.LongAdder;

/**
 * What the HTTP transport did in a run, for summaries and load figures; thread-safe (one {@link LongAdder} each).
 * Status reports are counted once each whatever the retries; duplicates (a report deliberately sent again) apart.
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

    /**
     * A consistent-enough copy (each counter read once; counters still moving may be a few apart).
     *
     * @return the counts so far
     */
    public Snapshot snapshot() {
        return new Snapshot(messagesSent.sum(), messagesAccepted.sum(), messagesRejected.sum(), duplicatesSent.sum(), duplicatesAccepted.sum(),
                retries.sum(), unreachable.sum(), manifestsFetched.sum(), downloads.sum(), bytesDownloaded.sum(), resumedDownloads.sum());
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
     */
    public record Snapshot(long messagesSent, long messagesAccepted, long messagesRejected, long duplicatesSent, long duplicatesAccepted,
            long retries, long unreachable, long manifestsFetched, long downloads, long bytesDownloaded, long resumedDownloads) {
    }
}
