-- Transactional outbox: an event row is written in the same transaction as the package version it
-- announces, and a relay publishes it to Kafka afterwards. A crash between commit and send loses
-- nothing (the row stays unpublished) and never announces an uncommitted version.
CREATE TABLE outbox_event (
    event_id     uuid        PRIMARY KEY,
    topic        text        NOT NULL,
    record_key   text        NOT NULL,
    payload      jsonb       NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
-- The relay polls unpublished rows oldest first.
CREATE INDEX outbox_event_unpublished ON outbox_event (created_at) WHERE published_at IS NULL;
