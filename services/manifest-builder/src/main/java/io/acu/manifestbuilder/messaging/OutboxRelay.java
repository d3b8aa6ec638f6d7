package io.acu.manifestbuilder.messaging;

import io.acu.manifestbuilder.persistence.Outbox;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.scheduler.Scheduled;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Publishes the outbox: every {@code acu.outbox.poll-interval} it takes the oldest unpublished event under a row
 * lock, sends it, waits for the broker's acknowledgement and marks it published, in one transaction per event,
 * until none is left.
 *
 * <p>Guarantees: an event is in the outbox only if the version it announces committed (same transaction), so no
 * event for an uncommitted version is ever sent; an event whose send fails, or whose process dies before the mark
 * commits, stays unpublished and is sent again on the next run or after a restart, so none is lost. The remaining
 * window (sent, then crashed before the mark commits) can repeat an event with the same {@code eventId}, which
 * consumers treat as a duplicate (at-least-once delivery, DESIGN.md).
 */
@ApplicationScoped
public class OutboxRelay {

    private static final Logger LOG = Logger.getLogger(OutboxRelay.class);

    private final Outbox outbox;
    private final EventSender sender;

    OutboxRelay(Outbox outbox, EventSender sender) {
        this.outbox = outbox;
        this.sender = sender;
    }

    /** One relay run; overlapping runs are skipped. Failures are logged and retried on the next run. */
    @Scheduled(every = "${acu.outbox.poll-interval}", delayed = "${acu.outbox.initial-delay}",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    public Uni<Void> run() {
        return drain().onFailure().invoke(e -> LOG.warnf("Outbox relay: publishing failed, will retry: %s", e.toString()))
                .onFailure().recoverWithNull().replaceWithVoid();
    }

    /** Publishes until the outbox is empty; fails on the first failed send (that event stays unpublished). */
    public Uni<Void> drain() {
        return publishOne().flatMap(published -> published ? drain() : Uni.createFrom().voidItem());
    }

    private Uni<Boolean> publishOne() {
        return Panache.withTransaction(() -> outbox.nextLocked().flatMap(next -> {
            if (next.isEmpty()) {
                return Uni.createFrom().item(false);
            }
            Outbox.Pending event = next.get();
            return sender.send(event.topic(), event.key(), event.payload())
                    .call(() -> outbox.markPublished(event.eventId()))
                    .invoke(() -> LOG.infof("Published %s to %s (key %s)", event.eventId(), event.topic(), event.key()))
                    .replaceWith(true);
        }));
    }
}
