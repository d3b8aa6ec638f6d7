-- Status events leave through the outbox every acu service shares (libs/outbox, OutboxTable), relayed
-- under a lock so two manager pods never publish at once. Events not yet published move over in order;
-- their event ID is read from the envelope, so a resend keeps it.
CREATE TABLE outbox_event (
    seq           bigserial   PRIMARY KEY,
    event_id      uuid        NOT NULL UNIQUE,
    topic         text        NOT NULL,
    record_key    text        NOT NULL,
    payload       text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    published_at  timestamptz,
    parked_at     timestamptz,
    parked_reason text
);
CREATE INDEX outbox_event_pending ON outbox_event (seq) WHERE published_at IS NULL AND parked_at IS NULL;
CREATE INDEX outbox_event_parked ON outbox_event (seq) WHERE parked_at IS NOT NULL;

INSERT INTO outbox_event (event_id, topic, record_key, payload, created_at)
SELECT (event_json::jsonb ->> 'eventId')::uuid, 'acu.content.distribution', record_key, event_json, created_at
FROM status_outbox WHERE published_at IS NULL ORDER BY id;

DROP TABLE status_outbox;
