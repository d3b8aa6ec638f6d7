-- Event IDs already applied: re-delivery of the same event (at-least-once Kafka) is a no-op.
CREATE TABLE processed_event (
    event_id     uuid        PRIMARY KEY,
    topic        text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now()
);

-- The latest client package version per package ID, from ManifestUpdated: what compliance is
-- measured against. A late, older event never replaces a newer version.
CREATE TABLE package_target (
    package_id      varchar(8)  PRIMARY KEY,
    package_version integer     NOT NULL,
    client_version  text        NOT NULL,
    event_id        uuid        NOT NULL,
    updated_at      timestamptz NOT NULL
);
