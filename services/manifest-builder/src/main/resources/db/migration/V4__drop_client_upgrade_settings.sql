-- The automatic client upgrade settings and their exclusion list (V3) moved to rollout, which stores them in its
-- own schema, serves them (PUT /api/settings/client-upgrade, …/exclusions) and answers each client's policy.
-- manifest-builder no longer reads or writes these tables, and ManifestUpdated v2 no longer carries the settings.
-- V3 stays as it was: sites have applied it, and Flyway checks applied migrations against their checksums.
-- Nothing is copied (a service never reads another's tables): rollout's first start stores ACU_CLIENT_UPGRADE_*,
-- and a site that had changed its settings here PUTs them to rollout's /api/settings/client-upgrade.
DROP TABLE client_upgrade_exclusion;
DROP TABLE client_upgrade_settings;
