package io.acu.manifestbuilder.persistence;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The transactional outbox ({@code manifest_builder.outbox_event}, V1): an event is added in the same transaction
 * as the state it announces and published afterwards by {@link io.acu.manifestbuilder.messaging.OutboxRelay}.
 * All methods run in the caller's transaction.
 */
@ApplicationScoped
public class Outbox {

    /** Native SQL sees no Hibernate default schema, so the table is qualified with the service's schema. */
    private static final String TABLE = "manifest_builder.outbox_event";

    /**
     * An event waiting to be published.
     *
     * @param eventId the envelope's event ID
     * @param topic the Kafka topic
     * @param key the record key
     * @param payload the record value: the envelope's JSON, UTF-8
     */
    public record Pending(UUID eventId, String topic, String key, byte[] payload) {
    }

    /**
     * Adds {@code event} for {@code topic}, keyed by its payload's record key. The JSON goes in as text cast to
     * jsonb: bound directly to a jsonb parameter, the reactive client would store it as one JSON string.
     */
    public Uni<Void> add(EventEnvelope<?> event, String topic) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "INSERT INTO " + TABLE + " (event_id, topic, record_key, payload) VALUES (?1, ?2, ?3, CAST(CAST(?4 AS text) AS jsonb))")
                .setParameter(1, event.eventId()).setParameter(2, topic).setParameter(3, event.payload().recordKey())
                .setParameter(4, EventJson.encode(event))
                .executeUpdate()).replaceWithVoid();
    }

    /**
     * The oldest unpublished event, locked until the transaction ends; events another relay holds are skipped,
     * so two instances never publish the same row at once.
     */
    public Uni<Optional<Pending>> nextLocked() {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "SELECT event_id, topic, record_key, payload::text FROM " + TABLE + " WHERE published_at IS NULL"
                                + " ORDER BY created_at, event_id LIMIT 1 FOR UPDATE SKIP LOCKED", Object[].class)
                .getResultList())
                .map(Outbox::first);
    }

    private static Optional<Pending> first(List<Object[]> rows) {
        if (rows.isEmpty()) {
            return Optional.empty();
        }
        Object[] row = rows.get(0);
        // jsonb keeps the content but not the key order: re-encode so the record has EventJson's canonical form.
        byte[] payload = EventJson.encodeBytes(EventJson.decodeAny(((String) row[3]).getBytes(StandardCharsets.UTF_8)));
        return Optional.of(new Pending((UUID) row[0], (String) row[1], (String) row[2], payload));
    }

    /** Marks an event as published now. */
    public Uni<Void> markPublished(UUID eventId) {
        return Panache.getSession().flatMap(session -> session.createNativeQuery(
                        "UPDATE " + TABLE + " SET published_at = now() WHERE event_id = ?1")
                .setParameter(1, eventId).executeUpdate()).replaceWithVoid();
    }
}
