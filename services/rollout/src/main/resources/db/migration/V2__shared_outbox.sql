-- RolloutStateChanged leaves through the outbox every acu service shares (libs/outbox, OutboxTable);
-- rollout_event stays the rollout's explained history. Events not yet published move over in order.
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
SELECT event_id, 'acu.rollout.changed', package_id, payload::text, occurred_at
FROM rollout_event WHERE published_at IS NULL ORDER BY seq;

DROP INDEX rollout_event_unpublished;
ALTER TABLE rollout_event DROP COLUMN published_at;
