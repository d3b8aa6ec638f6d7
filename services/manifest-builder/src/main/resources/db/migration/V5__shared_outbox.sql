-- The outbox takes the shape every acu service shares (libs/outbox, OutboxTable): a sequence for the
-- publication order, the payload as the exact text sent, and a parked state for events Kafka refuses
-- for good. Rows waiting to be published are carried over in their order.
ALTER TABLE outbox_event RENAME TO outbox_event_v1;
ALTER TABLE outbox_event_v1 RENAME CONSTRAINT outbox_event_pkey TO outbox_event_v1_pkey;

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

INSERT INTO outbox_event (event_id, topic, record_key, payload, created_at, published_at)
SELECT event_id, topic, record_key, payload::text, created_at, published_at
FROM outbox_event_v1 ORDER BY created_at, event_id;

DROP TABLE outbox_event_v1;
