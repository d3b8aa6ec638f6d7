-- Every state message received, once: history for drill-down and rollout progress. A re-delivered event (same
-- event_id), a message a client sent twice (same client and SerialNumber) or, for fallback status point messages
-- which carry no SerialNumber, the same client/topic/state/MessageTime again, is not stored twice.
CREATE TABLE state_message (
    event_id          uuid        PRIMARY KEY,
    source_topic      text        NOT NULL,
    client_id         text        NOT NULL,
    netbios_name      text        NOT NULL,
    client_version    text        NOT NULL,
    topic_type        integer     NOT NULL,
    topic_id          text        NOT NULL,
    topic_id_type     integer     NOT NULL,
    state_id          integer     NOT NULL,
    state_name        text,
    criticality       integer     NOT NULL,
    error_code        text,
    -- The component version the message reports (first user parameter of 800 and 2001 messages), when it is one.
    reported_version  text,
    message_time      timestamptz NOT NULL,
    message_time_wmi  text        NOT NULL,
    serial_number     bigint,
    user_parameters   text[]      NOT NULL,
    received_at       timestamptz NOT NULL,
    remote_address    text        NOT NULL,
    ingested_at       timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX state_message_client_serial ON state_message (client_id, serial_number) WHERE serial_number IS NOT NULL;
CREATE UNIQUE INDEX state_message_client_unserialled ON state_message (client_id, topic_type, topic_id, state_id, message_time)
    WHERE serial_number IS NULL;
CREATE INDEX state_message_client_time ON state_message (client_id, message_time);
CREATE INDEX state_message_topic_state ON state_message (topic_type, state_id, client_id, message_time);

-- The current state of each client per topic type: the stored message with the latest MessageTime (then the higher
-- SerialNumber, then the higher event ID), whatever order messages arrived in.
CREATE TABLE client_state (
    client_id         text        NOT NULL,
    topic_type        integer     NOT NULL,
    netbios_name      text        NOT NULL,
    client_version    text        NOT NULL,
    topic_id          text        NOT NULL,
    state_id          integer     NOT NULL,
    state_name        text,
    error_code        text,
    reported_version  text,
    message_time      timestamptz NOT NULL,
    serial_number     bigint,
    event_id          uuid        NOT NULL,
    updated_at        timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (client_id, topic_type)
);
CREATE INDEX client_state_topic_state ON client_state (topic_type, state_id);

-- The latest status of each package version on each distribution point (ContentDistributionStatusChanged): the
-- change with the latest changed_at wins, so a redelivered or late event changes nothing.
CREATE TABLE distribution_status (
    package_id         varchar(8)  NOT NULL,
    package_version    integer     NOT NULL,
    distribution_point text        NOT NULL,
    state              text        NOT NULL,
    attempt            integer     NOT NULL,
    bytes_transferred  bigint      NOT NULL,
    last_error         text,
    changed_at         timestamptz NOT NULL,
    event_id           uuid        NOT NULL,
    PRIMARY KEY (package_id, package_version, distribution_point)
);
