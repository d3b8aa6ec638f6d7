-- History with a retention period: state_message becomes a table partitioned by MessageTime, one partition per UTC
-- day (state_message_pYYYYMMDD) plus a DEFAULT partition for messages no day partition covers (a client's message
-- older than the first partition). Retention drops whole day partitions and deletes the DEFAULT partition's old rows
-- (state_message_maintain, run on a schedule by the service).
--
-- Idempotency across partition boundaries: every unique key now includes message_time, the partition key
-- (PostgreSQL requires it), and each of these keys already determines the MessageTime: a re-delivered event carries
-- its message, and a client re-sending a message sends it with its MessageTime and SerialNumber. So a duplicate
-- always routes to the partition holding the original and meets its unique index there. Once a partition is
-- dropped, a duplicate of one of its messages lands in DEFAULT and is deleted by the next maintenance; it moves no
-- count, since client_state and client_first_reached only move to a later state or an earlier first time.

-- Writers wait while the history is copied and the trigger is moved, so no message falls between the two.
LOCK TABLE state_message IN ACCESS EXCLUSIVE MODE;

ALTER TABLE state_message RENAME TO state_message_unpartitioned;
DROP TRIGGER first_reached_insert ON state_message_unpartitioned;
ALTER TABLE state_message_unpartitioned DROP CONSTRAINT state_message_pkey;
DROP INDEX state_message_client_serial, state_message_client_unserialled, state_message_client_time, state_message_topic_state;

CREATE TABLE state_message (
    event_id          uuid        NOT NULL,
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
    reported_version  text,
    message_time      timestamptz NOT NULL,
    message_time_wmi  text        NOT NULL,
    serial_number     bigint,
    user_parameters   text[]      NOT NULL,
    received_at       timestamptz NOT NULL,
    remote_address    text        NOT NULL,
    ingested_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (event_id, message_time)
) PARTITION BY RANGE (message_time);
CREATE UNIQUE INDEX state_message_client_serial ON state_message (client_id, serial_number, message_time)
    WHERE serial_number IS NOT NULL;
CREATE UNIQUE INDEX state_message_client_unserialled ON state_message (client_id, topic_type, topic_id, state_id, message_time)
    WHERE serial_number IS NULL;
CREATE INDEX state_message_client_time ON state_message (client_id, message_time);
CREATE INDEX state_message_topic_state ON state_message (topic_type, state_id, client_id, message_time);

CREATE TABLE state_message_default PARTITION OF state_message DEFAULT;

-- Creates the partition of one UTC day unless it exists; rows of that day waiting in DEFAULT move into it first
-- (attaching checks that DEFAULT holds none of the new range). Returns whether it created one. Rows moved here
-- bypass state_message's insert trigger (it is on the parent), so no count moves.
CREATE FUNCTION state_message_partition(day date) RETURNS boolean LANGUAGE plpgsql AS $$
DECLARE
    name text := 'state_message_p' || to_char(day, 'YYYYMMDD');
    low timestamptz := day::timestamp AT TIME ZONE 'UTC';
    high timestamptz := (day + 1)::timestamp AT TIME ZONE 'UTC';
BEGIN
    IF to_regclass(format('state_ingest.%I', name)) IS NOT NULL THEN
        RETURN false;
    END IF;
    EXECUTE format('CREATE TABLE state_ingest.%I (LIKE state_ingest.state_message INCLUDING DEFAULTS)', name);
    EXECUTE format('WITH moved AS (DELETE FROM state_ingest.state_message_default WHERE message_time >= %L AND message_time < %L RETURNING *)'
                   ' INSERT INTO state_ingest.%I SELECT * FROM moved', low, high, name);
    EXECUTE format('ALTER TABLE state_ingest.state_message ATTACH PARTITION state_ingest.%I FOR VALUES FROM (%L) TO (%L)', name, low, high);
    RETURN true;
END $$;

-- One maintenance round at the instant `at`: day partitions from `at`'s UTC day to `days_ahead` days after it exist
-- (the intakes accept a MessageTime at most a day ahead); with `keep` set, day partitions wholly older than at - keep
-- are dropped and DEFAULT rows older than that are deleted. Whole partitions are dropped, so a day is kept up to one
-- day longer than `keep`. Dropping takes a brief exclusive lock on state_message: writers wait at most lock_timeout
-- (the caller sets it), else the round fails and the next one retries.
CREATE FUNCTION state_message_maintain(at timestamptz, keep interval, days_ahead integer,
                                       OUT created text[], OUT dropped text[], OUT pruned bigint) LANGUAGE plpgsql AS $$
DECLARE
    today date := (at AT TIME ZONE 'UTC')::date;
    horizon timestamptz := at - keep;
    partition_name text;
BEGIN
    created := '{}';
    dropped := '{}';
    pruned := 0;
    -- Drops first: a drop locks state_message exclusively, waiting for writers that hold nothing this round holds yet.
    -- Attaching first would hold DEFAULT while waiting for that lock, and a writer routing a row to DEFAULT would
    -- wait for this round while holding state_message: a deadlock.
    FOR partition_name IN
        SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE i.inhparent = 'state_ingest.state_message'::regclass AND c.relname ~ '^state_message_p[0-9]{8}$'
          AND (to_date(substr(c.relname, 16), 'YYYYMMDD') + 1)::timestamp AT TIME ZONE 'UTC' <= horizon
        ORDER BY c.relname
    LOOP
        EXECUTE format('DROP TABLE state_ingest.%I', partition_name);
        dropped := dropped || partition_name;
    END LOOP;
    FOR offset_days IN 0..days_ahead LOOP
        IF state_ingest.state_message_partition(today + offset_days) THEN
            created := created || ('state_message_p' || to_char(today + offset_days, 'YYYYMMDD'));
        END IF;
    END LOOP;
    IF keep IS NOT NULL THEN
        DELETE FROM state_ingest.state_message_default WHERE message_time < horizon;
        GET DIAGNOSTICS pruned = ROW_COUNT;
    END IF;
END $$;

-- A partition for every day the existing history covers, and for the days ahead; then the rows, then the trigger.
SELECT state_message_partition(day)
FROM (SELECT DISTINCT (message_time AT TIME ZONE 'UTC')::date AS day FROM state_message_unpartitioned) days ORDER BY day;
SELECT state_message_maintain(now(), NULL, 7);

INSERT INTO state_message SELECT * FROM state_message_unpartitioned;
DROP TABLE state_message_unpartitioned;

CREATE TRIGGER first_reached_insert AFTER INSERT ON state_message
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION first_reached_apply();
