-- Rollout progress without scanning the history: when each client first reported the two states the progress chart
-- follows (client deployment succeeded 800/400, Endpoint Protection managed 2001/3), and how many clients first
-- reached each state per minute. Kept by a statement-level trigger on state_message in the write's transaction: only
-- rows actually inserted reach it (re-delivered events and repeated messages are dropped by state_message's unique
-- indexes first), and a late message with an earlier MessageTime moves its client from its old minute to the new one.
CREATE TABLE client_first_reached (
    topic_type  integer     NOT NULL,
    state_id    integer     NOT NULL,
    client_id   text        NOT NULL,
    first_time  timestamptz NOT NULL,
    previous_time timestamptz,
    PRIMARY KEY (topic_type, state_id, client_id)
);

CREATE TABLE first_reached_count (
    topic_type  integer     NOT NULL,
    state_id    integer     NOT NULL,
    minute      timestamptz NOT NULL,
    clients     bigint      NOT NULL,
    PRIMARY KEY (topic_type, state_id, minute)
);

-- Writers wait while the history is read and the trigger is created, so no message falls between the two.
LOCK TABLE state_message IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO client_first_reached (topic_type, state_id, client_id, first_time)
SELECT topic_type, state_id, client_id, min(message_time) FROM state_message
WHERE (topic_type, state_id) IN ((800, 400), (2001, 3)) GROUP BY 1, 2, 3;

INSERT INTO first_reached_count
SELECT topic_type, state_id, date_bin('1 minute', first_time, timestamptz '2000-01-01 00:00:00+00'), count(*)
FROM client_first_reached GROUP BY 1, 2, 3;

-- previous_time: the first_time a later message's earlier MessageTime replaced, as the upsert found it (ON CONFLICT
-- DO UPDATE works on the latest committed row, after waiting for a concurrent writer), so the trigger moves the client
-- out of the right minute without reading the table first.
CREATE FUNCTION first_reached_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    WITH changed AS (
        INSERT INTO state_ingest.client_first_reached AS f (topic_type, state_id, client_id, first_time)
        SELECT topic_type, state_id, client_id, min(message_time) FROM new_rows
        WHERE (topic_type, state_id) IN ((800, 400), (2001, 3)) GROUP BY 1, 2, 3 ORDER BY 1, 2, 3
        ON CONFLICT (topic_type, state_id, client_id) DO UPDATE SET previous_time = f.first_time, first_time = EXCLUDED.first_time
        WHERE EXCLUDED.first_time < f.first_time
        RETURNING f.topic_type, f.state_id, f.first_time, f.previous_time
    )
    INSERT INTO state_ingest.first_reached_count AS c (topic_type, state_id, minute, clients)
    SELECT topic_type, state_id, minute, sum(delta) FROM (
        SELECT topic_type, state_id, date_bin('1 minute', first_time, timestamptz '2000-01-01 00:00:00+00') AS minute, 1 AS delta
        FROM changed
        UNION ALL
        SELECT topic_type, state_id, date_bin('1 minute', previous_time, timestamptz '2000-01-01 00:00:00+00'), -1
        FROM changed WHERE previous_time IS NOT NULL -- set by this statement only when it moved the client
    ) moves GROUP BY 1, 2, 3 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (topic_type, state_id, minute) DO UPDATE SET clients = c.clients + EXCLUDED.clients;
    RETURN NULL;
END $$;

CREATE TRIGGER first_reached_insert AFTER INSERT ON state_message
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION first_reached_apply();
