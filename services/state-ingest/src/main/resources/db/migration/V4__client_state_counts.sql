-- Clients per current state, kept as client_state changes, so the ops views (compliance, failures) read a few rows
-- whatever the fleet size. One row per (topic type, state, state name, reported version, error code); '' stands for
-- none in the key columns (a primary key column cannot be null). A count moves only when a client_state row is
-- inserted, updated or deleted, by statement-level triggers in the same transaction: a re-delivered or older message
-- does not change client_state (StateMessageStore's upsert), so it cannot move a count either.
CREATE TABLE client_state_count (
    topic_type        integer NOT NULL,
    state_id          integer NOT NULL,
    state_name        text    NOT NULL,
    reported_version  text    NOT NULL,
    error_code        text    NOT NULL,
    clients           bigint  NOT NULL,
    PRIMARY KEY (topic_type, state_id, state_name, reported_version, error_code)
);

-- Writers wait while the counts are taken and the triggers are created, so no change falls between the two.
LOCK TABLE client_state IN SHARE ROW EXCLUSIVE MODE;

INSERT INTO client_state_count
SELECT topic_type, state_id, coalesce(state_name, ''), coalesce(reported_version, ''), coalesce(error_code, ''), count(*)
FROM client_state GROUP BY 1, 2, 3, 4, 5;

-- Applies one statement's changes: +1 per new row, -1 per old row, summed per key. Keys are locked in key order, so
-- concurrent batches cannot deadlock on the counts.
CREATE FUNCTION client_state_count_apply() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'INSERT' THEN
        INSERT INTO state_ingest.client_state_count AS c
        SELECT topic_type, state_id, coalesce(state_name, ''), coalesce(reported_version, ''), coalesce(error_code, ''), count(*)
        FROM new_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (topic_type, state_id, state_name, reported_version, error_code) DO UPDATE SET clients = c.clients + EXCLUDED.clients;
    ELSIF TG_OP = 'UPDATE' THEN
        INSERT INTO state_ingest.client_state_count AS c
        SELECT topic_type, state_id, state_name, reported_version, error_code, sum(delta) FROM (
            SELECT topic_type, state_id, coalesce(state_name, '') AS state_name, coalesce(reported_version, '') AS reported_version,
                   coalesce(error_code, '') AS error_code, 1 AS delta FROM new_rows
            UNION ALL
            SELECT topic_type, state_id, coalesce(state_name, ''), coalesce(reported_version, ''), coalesce(error_code, ''), -1 FROM old_rows
        ) changes GROUP BY 1, 2, 3, 4, 5 HAVING sum(delta) <> 0 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (topic_type, state_id, state_name, reported_version, error_code) DO UPDATE SET clients = c.clients + EXCLUDED.clients;
    ELSE
        INSERT INTO state_ingest.client_state_count AS c
        SELECT topic_type, state_id, coalesce(state_name, ''), coalesce(reported_version, ''), coalesce(error_code, ''), -count(*)
        FROM old_rows GROUP BY 1, 2, 3, 4, 5 ORDER BY 1, 2, 3, 4, 5
        ON CONFLICT (topic_type, state_id, state_name, reported_version, error_code) DO UPDATE SET clients = c.clients + EXCLUDED.clients;
    END IF;
    RETURN NULL;
END $$;

CREATE TRIGGER client_state_count_insert AFTER INSERT ON client_state
    REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_state_count_apply();
CREATE TRIGGER client_state_count_update AFTER UPDATE ON client_state
    REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION client_state_count_apply();
CREATE TRIGGER client_state_count_delete AFTER DELETE ON client_state
    REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION client_state_count_apply();
