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
     * Adds {@code event} to {@code table} in the session's current transaction; the span current at this call (if
     * any) becomes the parent of the send ({@link TraceContext}).
     *
     * @return completes when the row is written
     */
    public static Uni<Void> add(Mutiny.Session session, OutboxTable table, EventEnvelope<?> event) {
        return add(session, table, event, TraceContext.current());
    }

    /**
     * As {@link #add(Mutiny.Session, OutboxTable, EventEnvelope)}, with the trace the send joins given explicitly
     * (for writers whose span is not current on the thread that writes the row).
     *
     * @param trace the writer's trace context, {@link TraceContext#NONE} for none
     * @return completes when the row is written
     */
    public static Uni<Void> add(Mutiny.Session session, OutboxTable table, EventEnvelope<?> event, TraceContext trace) {
        return session.createNativeQuery(table.insertSql('?'))
                .setParameter(1, event.eventId()).setParameter(2, event.topic()).setParameter(3, event.key())
                .setParameter(4, EventJson.encode(event)).setParameter(5, trace.traceparent()).setParameter(6, trace.tracestate())
                .executeUpdate().replaceWithVoid();
    }
}
