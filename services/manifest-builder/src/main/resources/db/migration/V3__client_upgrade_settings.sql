-- The site's automatic client upgrade settings (ConfigMgr hierarchy settings, Client Upgrade tab), set through
-- PUT /api/settings/client-upgrade: one row, first filled from the acu.client-upgrade.* configuration at start.
CREATE TABLE client_upgrade_settings (
    settings_id                   smallint    PRIMARY KEY CHECK (settings_id = 1),
    enabled                       boolean     NOT NULL,
    advertisement_duration_days   integer     NOT NULL CHECK (advertisement_duration_days BETWEEN 1 AND 31),
    override_maintenance_windows  boolean     NOT NULL,
    updated_at                    timestamptz NOT NULL,
    -- Bumped by every change (with the exclusion list), so readers can keep the list until it changes.
    revision                      bigint      NOT NULL
);

-- Clients that never upgrade automatically (the exclusion collection's members), upper-case as stored.
CREATE TABLE client_upgrade_exclusion (
    client_id text PRIMARY KEY
        CHECK (client_id ~ '^GUID:[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$')
);
