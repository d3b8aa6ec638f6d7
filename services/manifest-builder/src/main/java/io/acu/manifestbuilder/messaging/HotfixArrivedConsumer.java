package io.acu.manifestbuilder.messaging;

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
 * strategy copies it to {@code acu.hotfix.arrived.dlq} with the cause in its {@code dead-letter-reason} header.
 * Other failures (database, source URL unreachable) are retried with backoff until they pass.
 */
@ApplicationScoped
public class HotfixArrivedConsumer {

    /** Channel name shared by the configuration and tests. */
    public static final String CHANNEL = "hotfix-arrived";
    private static final Logger LOG = Logger.getLogger(HotfixArrivedConsumer.class);

    private final HotfixIntake intake;

    HotfixArrivedConsumer(HotfixIntake intake) {
        this.intake = intake;
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
        // A refusal is the event's fault and is dead-lettered; anything else (database or source unreachable) is
        // retried with backoff, so a passing outage never sends a good hotfix to the dead-letter topic.
        return Uni.createFrom().deferred(() -> intake.accept(request))
                .onFailure(failure -> !(failure instanceof HotfixRejectedException))
                .invoke(e -> LOG.warnf("HotfixArrived %s failed, retrying: %s", request.sourceEventId(), e.toString()))
                .onFailure(failure -> !(failure instanceof HotfixRejectedException))
                .retry().withBackOff(Duration.ofMillis(200), Duration.ofSeconds(10)).indefinitely()
                .invoke(result -> LOG.infof("HotfixArrived %s (%s): %s %s v%d", request.sourceEventId(), request.kbNumber(),
                        result.outcome(), result.packageId(), result.packageVersion()))
                .onItemOrFailure().transformToUni((result, failure) -> {
                    if (failure instanceof HotfixRejectedException rejected) {
                        LOG.warnf("HotfixArrived %s refused: %s", request.sourceEventId(), rejected.getMessage());
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
