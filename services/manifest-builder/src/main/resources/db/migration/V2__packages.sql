-- Client install packages as manifest-builder builds them: one row per package version with its
-- ccmsetup.xml and signed ccmsetup.cab, the items of each version, and the hotfixes received.

CREATE TABLE package_version (
    package_id               text        NOT NULL,
    package_version          integer     NOT NULL CHECK (package_version >= 0),
    previous_version         integer,
    client_version           text        NOT NULL,
    kb_number                text,
    -- ccmsetup.xml exactly as written into the cab (deterministic bytes).
    manifest_xml             bytea       NOT NULL,
    cab                      bytea       NOT NULL,
    cab_sha256               char(64)    NOT NULL,
    cab_signature            text        NOT NULL,
    signature_algorithm      text        NOT NULL,
    -- 'IMPORT' (seeded or imported by an admin, no event) or 'HOTFIX'.
    origin                   text        NOT NULL,
    created_at               timestamptz NOT NULL,
    PRIMARY KEY (package_id, package_version)
);

CREATE TABLE package_item (
    package_id      text     NOT NULL,
    package_version integer  NOT NULL,
    position        integer  NOT NULL,
    file_name       text     NOT NULL,
    sha256          char(64) NOT NULL,
    file_version    text     NOT NULL,
    -- NULL when the content is not in the source library (items of an imported manifest).
    size_bytes      bigint,
    install_order   integer  NOT NULL,
    changed         boolean  NOT NULL,
    PRIMARY KEY (package_id, package_version, position),
    FOREIGN KEY (package_id, package_version) REFERENCES package_version ON DELETE CASCADE
);

CREATE TABLE hotfix (
    hotfix_id        uuid        PRIMARY KEY,
    kb_number        text        NOT NULL,
    title            text        NOT NULL,
    package_id       text        NOT NULL,
    -- 'API' or 'EVENT' (acu.hotfix.arrived, with the event ID in source_event_id).
    channel          text        NOT NULL,
    source_event_id  uuid        UNIQUE,
    -- The version it produced; NULL when it changed nothing.
    package_version  integer,
    received_at      timestamptz NOT NULL
);

CREATE TABLE hotfix_file (
    hotfix_id    uuid     NOT NULL REFERENCES hotfix ON DELETE CASCADE,
    file_name    text     NOT NULL,
    sha256       char(64) NOT NULL,
    file_version text     NOT NULL,
    size_bytes   bigint   NOT NULL,
    PRIMARY KEY (hotfix_id, file_name)
);
