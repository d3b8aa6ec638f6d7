package io.acu.dpcontent.manager.service;

import io.acu.contracts.Topics;
import io.acu.dpcontent.manager.persistence.DistributionStore;
import io.acu.dpcontent.manager.persistence.StatusOutboxEntity;
import io.quarkus.vertx.VertxContextSupport;
import io.smallrye.mutiny.Uni;
import io.smallrye.reactive.messaging.MutinyEmitter;
import io.smallrye.reactive.messaging.kafka.api.OutgoingKafkaRecordMetadata;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.eclipse.microprofile.reactive.messaging.Channel;
import org.eclipse.microprofile.reactive.messaging.Message;

/**
 * Relays the status outbox to {@code acu.content.distribution}: each ContentDistributionStatusChanged, keyed
 * {@code packageId/DP}, in the order written, then marks it published. At least once: a crash between send and
 * mark re-sends the same event (same eventId), which consumers treat as a duplicate.
 */
@ApplicationScoped
public class StatusEventPublisher {

    /** Outgoing channel, configured to {@link Topics#CONTENT_DISTRIBUTION}. */
    public static final String CHANNEL = "content-distribution";
    private static final int BATCH = 200;

    private final DistributionStore store;
    private final MutinyEmitter<byte[]> emitter;
    private final Clock clock;

    StatusEventPublisher(DistributionStore store, @Channel(CHANNEL) MutinyEmitter<byte[]> emitter, Clock clock) {
        this.store = store;
        this.emitter = emitter;
        this.clock = clock;
    }

    /**
     * Publishes every unpublished status event. Blocking: call from a worker thread, never an event loop.
     *
     * @return how many were published
     * @throws RuntimeException if Kafka or the database fails; what was sent before stays marked
     */
    public int publishPending() {
        int total = 0;
        while (true) {
            List<StatusOutboxEntity> rows = await(() -> store.unpublished(BATCH));
            if (rows.isEmpty()) {
                return total;
            }
            List<Long> sent = new ArrayList<>();
            try {
                for (StatusOutboxEntity row : rows) {
                    emitter.sendMessageAndAwait(Message.of(row.eventJson.getBytes(StandardCharsets.UTF_8))
                            .addMetadata(OutgoingKafkaRecordMetadata.<String>builder().withKey(row.recordKey).build()));
                    sent.add(row.id);
                }
            } finally {
                await(() -> store.markPublished(sent, clock.instant()));
            }
            total += sent.size();
        }
    }

    /**
     * Runs a database call on a Vert.x context (Hibernate Reactive's requirement) and waits for it, from a worker
     * thread. The call is made inside the context, so its {@code @WithSession}/{@code @WithTransaction} apply there.
     */
    static <T> T await(java.util.function.Supplier<Uni<T>> call) {
        try {
            return VertxContextSupport.subscribeAndAwait(call);
        } catch (Throwable e) {
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        }
    }
}
