package io.acu.manifestbuilder.messaging;

import io.acu.postgres.PgFailures;
import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.acu.contracts.HotfixArrived;
import io.acu.contracts.HotfixFile;
import io.acu.formats.Sha256;
import io.acu.manifestbuilder.domain.HotfixRejectedException;
import io.acu.manifestbuilder.domain.HotfixRequest;
import io.acu.manifestbuilder.service.HotfixIntake;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.apache.kafka.common.errors.SerializationException;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.eclipse.microprofile.reactive.messaging.Message;
import org.jboss.logging.Logger;

/**
 * Consumes {@code acu.hotfix.arrived}: each HotfixArrived goes through the same intake as an upload, its files
 * taken from the source library (by SHA-256) or fetched from their {@code sourceUrl} (checked against the hash
 * when both are given). A redelivered event (same {@code eventId}) is a no-op. A file lower than its item's version
 * in the current package version is refused unless the event says {@code allowDowngrade: true} (absent: false).
 *
 * <p>Records are decoded here from raw bytes; an undecodable record, or a hotfix the intake refuses (unknown
 * package, missing content, no version, a downgrade, ...), is nacked with the reason, so SmallRye's dead-letter
 * strategy copies it to {@code acu.hotfix.arrived.manifest-builder.dlq} with the cause in its
 * {@code dead-letter-reason} header.
 * Other failures (the database, a JVM error such as OutOfMemoryError) are retried with backoff (1 s doubling to 30 s)
 * until they pass, or until one way of failing came back {@code acu.hotfix.arrived.max-same-failures} times
 * (default 5, about 15 s of a lasting outage; {@link BoundedRetry}): then the record is dead-lettered with
 * "failed N times the same way, not retried again: <the failure>", replayable once the cause is fixed.
 */
@ApplicationScoped
public class HotfixArrivedConsumer {

    /** Channel name shared by the configuration and tests. */
    public static final String CHANNEL = "hotfix-arrived";
    private static final Logger LOG = Logger.getLogger(HotfixArrivedConsumer.class);

    private final HotfixIntake intake;
    private final int maxSameFailures;

    HotfixArrivedConsumer(HotfixIntake intake,
            @ConfigProperty(name = "acu.hotfix.arrived.max-same-failures", defaultValue = "5") int maxSameFailures) {
        if (maxSameFailures < 1) {
            throw new IllegalArgumentException("acu.hotfix.arrived.max-same-failures must be at least 1, not " + maxSameFailures);
        }
        this.intake = intake;
        this.maxSameFailures = maxSameFailures;
    }

    /** Applies one record; acks on success, nacks with the cause otherwise (→ dead-letter topic). */
    @Incoming(CHANNEL)
    public Uni<Void> consume(Message<byte[]> record) {
        HotfixRequest request;
        try {
            request = request(EventJson.decode(record.getPayload(), HotfixArrived.class));
        } catch (SerializationException | IllegalArgumentException e) {
            return Uni.createFrom().completionStage(record.nack(e));
        }
        // A refusal is the event's fault and is dead-lettered at once; a database outage is retried with backoff for as
        // long as it lasts, so it never sends a good hotfix to the dead-letter topic; any other failure is retried, but
        // not forever: one that keeps coming back the same way (an event that exhausts the heap) is dead-lettered too.
        return BoundedRetry.retry(() -> intake.accept(request)
                        .onFailure(failure -> !(failure instanceof HotfixRejectedException))
                        .invoke(e -> LOG.warnf("HotfixArrived %s failed: %s", request.sourceEventId(), e.toString())),
                        failure -> failure instanceof HotfixRejectedException, PgFailures::isOutage, maxSameFailures, Duration.ofSeconds(1),
                        Duration.ofSeconds(30))
                .invoke(result -> LOG.infof("HotfixArrived %s (%s): %s %s v%d", request.sourceEventId(), request.kbNumber(),
                        result.outcome(), result.packageId(), result.packageVersion()))
                .onItemOrFailure().transformToUni((result, failure) -> {
                    if (failure instanceof HotfixRejectedException || failure instanceof BoundedRetry.GaveUpException) {
                        LOG.warnf("HotfixArrived %s dead-lettered: %s", request.sourceEventId(), failure.getMessage());
                    }
                    return Uni.createFrom().completionStage(failure == null ? record.ack() : record.nack(failure));
                });
    }

    private static HotfixRequest request(EventEnvelope<HotfixArrived> event) {
        HotfixArrived hotfix = event.payload();
        List<HotfixRequest.IncomingFile> files = hotfix.files().stream().map(HotfixArrivedConsumer::file).toList();
        return new HotfixRequest(hotfix.kbNumber(), hotfix.title(), hotfix.packageId(), "EVENT", event.eventId(), files,
                Boolean.TRUE.equals(hotfix.allowDowngrade()));
    }

    private static HotfixRequest.IncomingFile file(HotfixFile file) {
        HotfixRequest.ContentSource source = file.sourceUrl() != null
                ? new HotfixRequest.Remote(URI.create(file.sourceUrl()))
                : new HotfixRequest.InLibrary(Sha256.parse(file.sha256()));
        return new HotfixRequest.IncomingFile(file.fileName(), source, file.sha256(), file.fileVersion(), file.installOrder(),
                file.installationType(), null);
    }
}
