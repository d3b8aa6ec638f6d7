-- Distribution manager bookkeeping (issue 4).

-- When the next attempt of an INSTALL_PENDING / INSTALL_RETRYING distribution is due; null once final.
ALTER TABLE dp_package_status ADD COLUMN next_attempt_at timestamptz;
CREATE INDEX dp_package_status_due ON dp_package_status (next_attempt_at) WHERE state IN (1, 2);

-- Every package version accepted from acu.manifest.updated, with the event it came in (re-delivery is a no-op:
-- the primary key already holds it). The manifest is kept so a restarted manager can resume.
CREATE TABLE package_version (
    package_id      varchar(8)  NOT NULL,
    package_version integer     NOT NULL CHECK (package_version > 0),
    event_id        uuid        NOT NULL UNIQUE,
    manifest_event  text        NOT NULL,
    received_at     timestamptz NOT NULL,
    PRIMARY KEY (package_id, package_version)
);

-- Transactional outbox: each status change is written here in the same transaction as the status, then relayed
-- to acu.content.distribution, so no change is lost if the manager stops between the two.
CREATE TABLE status_outbox (
    id           bigserial   PRIMARY KEY,
    record_key   text        NOT NULL,
    event_json   text        NOT NULL,
    created_at   timestamptz NOT NULL,
    published_at timestamptz
);
CREATE INDEX status_outbox_unpublished ON status_outbox (id) WHERE published_at IS NULL;
