-- rollout's own schema (DESIGN.md: one schema per service, never read by another).

-- The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab): one row.
CREATE TABLE client_upgrade_settings (
    id int PRIMARY KEY CHECK (id = 1),
    enabled boolean NOT NULL,
    advertisement_duration_days int NOT NULL CHECK (advertisement_duration_days BETWEEN 1 AND 31),
    override_maintenance_windows boolean NOT NULL,
    updated_at timestamptz NOT NULL
);

-- The excluded collection's members, any number (a list in an event or a settings row would not scale).
CREATE TABLE excluded_client (
    client_id text PRIMARY KEY
);

-- The rollout plan of each package; versioned, the last one applies to the next package version.
CREATE TABLE rollout_plan (
    package_id text PRIMARY KEY,
    plan_version int NOT NULL,
    plan jsonb NOT NULL,
    updated_at timestamptz NOT NULL,
    updated_by text NOT NULL
);

-- Package versions as ManifestUpdated announced them, with what they install (the gate's target versions).
CREATE TABLE package_version (
    package_id text NOT NULL,
    package_version int NOT NULL,
    client_version text NOT NULL,
    endpoint_protection_version text,
    kb_number text,
    published_at timestamptz NOT NULL,
    PRIMARY KEY (package_id, package_version)
);

-- The latest ContentDistributionStatusChanged per package version and distribution point.
CREATE TABLE distribution_status (
    package_id text NOT NULL,
    package_version int NOT NULL,
    distribution_point text NOT NULL,
    state text NOT NULL,
    changed_at timestamptz NOT NULL,
    PRIMARY KEY (package_id, package_version, distribution_point)
);

-- The rollout of one package version: its plan snapshot and where it stands.
CREATE TABLE rollout (
    package_id text NOT NULL,
    package_version int NOT NULL,
    plan_version int NOT NULL,
    plan jsonb NOT NULL,
    status text NOT NULL,
    reason text,
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL,
    PRIMARY KEY (package_id, package_version)
);

CREATE TABLE rollout_ring (
    package_id text NOT NULL,
    package_version int NOT NULL,
    ring_index int NOT NULL,
    ring text NOT NULL,
    state text NOT NULL,
    started_at timestamptz,
    passed_at timestamptz,
    acknowledged_failures bigint NOT NULL DEFAULT 0,
    PRIMARY KEY (package_id, package_version, ring_index),
    FOREIGN KEY (package_id, package_version) REFERENCES rollout ON DELETE CASCADE
);

-- One client offered one package version: its ring, its download grant and what it reported since (the latest
-- 800 and 2001 states and the outcome derived from them). The gate counts these rows; nothing lists clients.
CREATE TABLE client_offer (
    package_id text NOT NULL,
    package_version int NOT NULL,
    client_id text NOT NULL,
    ring_index int NOT NULL,
    boundary_group text,
    offered_at timestamptz NOT NULL,
    grant_distribution_point text,
    granted_at timestamptz,
    grant_expires_at timestamptz,
    deploy_state_id int,
    deploy_message_time timestamptz,
    deploy_serial bigint,
    deploy_event_id uuid,
    deploy_version text,
    deploy_error_code text,
    ep_state_id int,
    ep_message_time timestamptz,
    ep_serial bigint,
    ep_event_id uuid,
    ep_version text,
    ep_error_code text,
    outcome text NOT NULL DEFAULT 'IN_PROGRESS',
    outcome_topic_type int NOT NULL DEFAULT 0,
    outcome_state_id int NOT NULL DEFAULT 0,
    outcome_error_code text,
    outcome_at timestamptz,
    PRIMARY KEY (package_id, package_version, client_id)
);
-- State messages find a client's offers by client ID.
CREATE INDEX client_offer_client ON client_offer (client_id);
-- Grants in flight per distribution point, and new grants per boundary group in the last hour.
CREATE INDEX client_offer_grants_in_flight ON client_offer (grant_distribution_point, grant_expires_at) WHERE outcome = 'IN_PROGRESS';
CREATE INDEX client_offer_grants_by_group ON client_offer (boundary_group, granted_at) WHERE granted_at IS NOT NULL;

-- Every transition, in order: the rollout's explained history and the outbox of RolloutStateChanged.
CREATE TABLE rollout_event (
    seq bigserial PRIMARY KEY,
    event_id uuid NOT NULL UNIQUE,
    package_id text NOT NULL,
    package_version int NOT NULL,
    change text NOT NULL,
    ring text,
    reason text NOT NULL,
    actor text NOT NULL,
    occurred_at timestamptz NOT NULL,
    payload jsonb NOT NULL,
    published_at timestamptz
);
CREATE INDEX rollout_event_unpublished ON rollout_event (seq) WHERE published_at IS NULL;
CREATE INDEX rollout_event_by_version ON rollout_event (package_id, package_version, seq);
