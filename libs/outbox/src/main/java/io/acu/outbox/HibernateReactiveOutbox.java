package io.acu.outbox;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.smallrye.mutiny.Uni;
import org.hibernate.reactive.mutiny.Mutiny;

/**
 * {@link OutboxTable#add} for services that write their state through a Hibernate Reactive session, so the event
 * joins that session's transaction. Not a bean: only services with Hibernate Reactive load it.
 */
public final class HibernateReactiveOutbox {

    private HibernateReactiveOutbox() {
    }

    /**
     * Adds {@code event} to {@code table} in the session's current transaction.
     *
     * @return completes when the row is written
     */
    public static Uni<Void> add(Mutiny.Session session, OutboxTable table, EventEnvelope<?> event) {
        return session.createNativeQuery(table.insertSql('?'))
                .setParameter(1, event.eventId()).setParameter(2, event.topic()).setParameter(3, event.key())
                .setParameter(4, EventJson.encode(event))
                .executeUpdate().replaceWithVoid();
    }
}
