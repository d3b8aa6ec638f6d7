package io.acu.outbox;

import io.acu.contracts.EventEnvelope;
import io.acu.contracts.EventJson;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.SqlClient;
import io.vertx.mutiny.sqlclient.Tuple;
import java.util.Arrays;
import java.util.regex.Pattern;

/**
 * One service's outbox table and the statements on it. Every acu outbox has this shape (each service creates it in
 * its own schema with Flyway):
 *
 * <pre>
 * CREATE TABLE outbox_event (
 *     seq           bigserial   PRIMARY KEY,       -- publication order
 *     event_id      uuid        NOT NULL UNIQUE,   -- the envelope's eventId, the same on every resend
 *     topic         text        NOT NULL,
 *     record_key    text        NOT NULL,
 *     payload       text        NOT NULL,          -- the envelope's JSON exactly as it is sent (UTF-8)
 *     created_at    timestamptz NOT NULL DEFAULT now(),
 *     published_at  timestamptz,                   -- set once Kafka acknowledged
 *     parked_at     timestamptz,                   -- set when Kafka refused the record for good
 *     parked_reason text,
 *     trace_parent  text,                          -- W3C traceparent of the writer's span (TraceContext), if traced
 *     trace_state   text                           -- W3C tracestate, if any
 * );
 * CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE published_at IS NULL AND parked_at IS NULL;
 * CREATE INDEX outbox_event_parked ON outbox_event (seq) WHERE parked_at IS NOT NULL;
 * </pre>
 *
 * <p>Published rows are kept for {@code acu.outbox.retention} (the record of what was announced), then deleted.
 *
 * <p>The trace columns carry the writer's trace across the wait for the relay: the relay sends a traced row as a
 * child of the stored span, and Kafka's tracing puts that trace in the record's {@code traceparent} header. Rows
 * without them (tracing off, or written before the columns existed) are sent as before.
 *
 * @param name the schema-qualified table, e.g. {@code manifest_builder.outbox_event} (native SQL sees no default
 *     schema, so it is always qualified)
 */
public record OutboxTable(String name) {

    private static final Pattern QUALIFIED = Pattern.compile("[a-z_][a-z0-9_]*\\.[a-z_][a-z0-9_]*");

    /** @throws IllegalArgumentException unless the name is {@code schema.table} in lower-case SQL identifiers */
    public OutboxTable {
        if (name == null || !QUALIFIED.matcher(name).matches()) {
            throw new IllegalArgumentException("an outbox table is named schema.table in lower case, was " + name);
        }
    }

    /**
     * Adds {@code event} to the outbox in the caller's transaction: it is published only if that transaction
     * commits, and is published even if the process stops right after the commit. The span current at this call
     * (if any) becomes the parent of the send.
     *
     * @param client the caller's connection, inside its transaction
     * @param event the event; its topic and record key come from its payload type
     * @return completes when the row is written
     */
    public Uni<Void> add(SqlClient client, EventEnvelope<?> event) {
        return add(client, event, TraceContext.current());
    }

    /**
     * As {@link #add(SqlClient, EventEnvelope)}, with the trace the send joins given explicitly (for writers whose
     * span is not current where the row is written).
     *
     * @param trace the writer's trace context, {@link TraceContext#NONE} for none
     * @return completes when the row is written
     */
    public Uni<Void> add(SqlClient client, EventEnvelope<?> event, TraceContext trace) {
        return client.preparedQuery(insertSql('$')).execute(Tuple.from(Arrays.asList(event.eventId(), event.topic(), event.key(),
                        EventJson.encode(event), trace.traceparent(), trace.tracestate())))
                .replaceWithVoid();
    }

    /**
     * The INSERT of one event; parameters 1 to 6 are the event ID, topic, record key, payload, traceparent and
     * tracestate (the last two may be null).
     *
     * @param marker {@code '$'} for the Vert.x SQL client ({@code $1}), {@code '?'} for Hibernate native queries ({@code ?1})
     */
    String insertSql(char marker) {
        return "INSERT INTO " + name + " (event_id, topic, record_key, payload, trace_parent, trace_state) VALUES (" + marker + "1, "
                + marker + "2, " + marker + "3, " + marker + "4, " + marker + "5, " + marker + "6)";
    }

    /** Takes the table's relay lock for the transaction (one relay at a time keeps each key's events in order); $1 = name. */
    String tryRelayLockSql() {
        return "SELECT pg_try_advisory_xact_lock(hashtext($1))";
    }

    /**
     * The oldest events neither published nor parked, locked ({@code SKIP LOCKED}), with their trace columns; $1 =
     * how many at most.
     */
    String pendingSql() {
        return "SELECT seq, event_id, topic, record_key, payload, trace_parent, trace_state FROM " + name
                + " WHERE published_at IS NULL AND parked_at IS NULL ORDER BY seq LIMIT $1 FOR UPDATE SKIP LOCKED";
    }

    /** Marks events published now; $1 = the seq values. */
    String markPublishedSql() {
        return "UPDATE " + name + " SET published_at = now() WHERE seq = ANY($1)";
    }

    /** Parks one event with its reason; $1 = seq, $2 = reason. */
    String parkSql() {
        return "UPDATE " + name + " SET parked_at = now(), parked_reason = $2 WHERE seq = $1";
    }

    /** Counts the events waiting and the events parked, each through its partial index (never the whole history). */
    String countsSql() {
        return "SELECT (SELECT count(*) FROM " + name + " WHERE published_at IS NULL AND parked_at IS NULL),"
                + " (SELECT count(*) FROM " + name + " WHERE parked_at IS NOT NULL)";
    }

    /** Deletes events published before $1 (parked and pending ones stay). */
    String deletePublishedSql() {
        return "DELETE FROM " + name + " WHERE published_at < $1";
    }
}
