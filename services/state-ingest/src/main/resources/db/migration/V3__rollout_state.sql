-- The latest RolloutStateChanged of each package version (rollout's rings and gates): every event is a full snapshot,
-- so one row per version is all the dashboard needs. The change with the later changed_at (then the higher event_id)
-- wins, so a re-delivered or late event changes nothing (RolloutSnapshotStamp decides; the row is locked meanwhile).
CREATE TABLE rollout_state (
    package_id       varchar(8)  NOT NULL,
    package_version  integer     NOT NULL,
    -- RolloutStatus after the change: WAITING_FOR_CONTENT, RUNNING, PAUSED, HALTED, REVOKED, COMPLETED.
    status           text        NOT NULL,
    -- The RolloutChange that produced this snapshot (HALTED, RING_STARTED, ...) and the ring it was about, if any.
    last_change      text        NOT NULL,
    ring             text,
    -- Every ring in plan order: [{ring, state, offered, succeeded, failed, stalled, inProgress}].
    rings            jsonb       NOT NULL,
    -- The most frequent failure codes, most clients first: [{errorCode, name, topicType, stateId, clients}].
    top_error_codes  jsonb       NOT NULL,
    reason           text,
    actor            text,
    changed_at       timestamptz NOT NULL,
    event_id         uuid        NOT NULL,
    updated_at       timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (package_id, package_version)
);
